/**
 * `Accept-Encoding` negotiation (RFC 9110 §12.5.3) on top of jshttp's `negotiator`, whose
 * encoding module is plain CommonJS with no Node imports, so it bundles for every runtime.
 * Only `lib/encoding.js` is imported: the package root would also pull in the media-type,
 * language and charset parsers.
 *
 * @internal
 * @module
 */
import preferredEncodings from 'negotiator/lib/encoding.js'

/** A content coding response-kit can produce. @internal */
export type Encoding = 'br' | 'zstd' | 'gzip' | 'deflate'

/** Server preference among equally weighted codings: smallest output first. @internal */
export const PREFERENCE: readonly Encoding[] = ['br', 'zstd', 'gzip', 'deflate']

/**
 * The coding to use for `accept` among `available` (in server preference order), `'identity'`
 * for none, or `null` when nothing acceptable is left (`identity;q=0` and no offered coding).
 * The highest q-value wins; ties go to the server's order; `*` matches any coding not listed;
 * `q=0` excludes; unknown codings are ignored; identity stays acceptable unless excluded.
 * @internal
 */
export function negotiateEncoding(
  accept: string | null,
  available: readonly Encoding[]
): Encoding | 'identity' | null {
  // No header: RFC 9110 allows any coding, but clients that decompress always send one, so
  // answering uncompressed is the safe reading (as Express's compression does).
  if (accept === null || available.length === 0) return 'identity'
  const offered = [...available, 'identity']
  const [best] = preferredEncodings(accept, offered, offered)
  return (best as Encoding | 'identity' | undefined) ?? null
}

/**
 * Every acceptable coding among `available` plus `identity`, most preferred first (the same
 * ordering as {@link negotiateEncoding}), for a caller that may find its first choice missing,
 * such as a precompressed sibling that was never built. No header means identity only.
 * @internal
 */
export function rankEncodings(accept: string | null, available: readonly string[]): string[] {
  if (accept === null || available.length === 0) return ['identity']
  const offered = [...available, 'identity']
  return preferredEncodings(accept, offered, offered)
}
