/**
 * Precompressed siblings of a path source (`app.js.br`, `app.js.zst`, `app.js.gz`): which
 * codings a `FileResponse` may offer, which sibling answers a request, and the headers that
 * describe the chosen representation.
 *
 * One rule keeps Range and validators consistent: **a request with a `Range` header is
 * answered from the identity file.** Byte ranges then always address the same bytes whatever
 * the client accepts, an encoded answer says `accept-ranges: none`, and its entity-tag names its
 * coding, so an `If-Range` or `If-None-Match` carried over from one representation never
 * matches the other (RFC 9110 §8.8.3, §13.1.2).
 *
 * @internal
 * @module
 */
import type { PrecompressedEncoding } from '../../file'
import type { HeaderPair } from '../core/headers'
import { rankEncodings } from '../compress/negotiate'
import { mergeVary } from '../compress/rules'
import { FileNotFoundError } from '../../file-not-found'
import { statFile, type PathOptions, type StatFile } from './node-path'

/** The sibling's suffix per coding, as nginx's `gzip_static`, hono and srvx name them. */
const SUFFIX: Record<PrecompressedEncoding, string> = { br: '.br', zstd: '.zst', gzip: '.gz' }

/** Server preference for equally weighted codings: smallest output first. */
const ALL: readonly PrecompressedEncoding[] = ['br', 'zstd', 'gzip']

/** The validated `precompressed` option: codings in preference order; empty when off. @internal */
export function precompressedCodings(option: unknown): readonly PrecompressedEncoding[] {
  if (option === undefined || option === false) return []
  if (option === true) return ALL
  if (!Array.isArray(option)) {
    throw new TypeError("init.precompressed must be a boolean or an array of 'br', 'zstd', 'gzip'")
  }
  for (const coding of option) {
    if (!ALL.includes(coding as PrecompressedEncoding)) {
      throw new TypeError(`init.precompressed: unknown coding ${JSON.stringify(coding)}`)
    }
  }
  return [...new Set(option as PrecompressedEncoding[])]
}

/** The representation that answers a request: the identity file, or a sibling and its coding. @internal */
export interface Representation {
  readonly file: StatFile
  readonly encoding: PrecompressedEncoding | null
}

/**
 * Picks the representation for `request`: identity for a `Range` request, else the most
 * acceptable coding whose sibling exists and passes the same path rules (root, dotfiles,
 * symlinks) as the file itself. Identity when nothing better is acceptable or present, also
 * under `identity;q=0`, as `compress()` does. A missing or refused sibling is skipped; any
 * other stat failure rejects. @internal
 */
export async function pickRepresentation(
  given: string,
  identity: StatFile,
  codings: readonly PrecompressedEncoding[],
  options: PathOptions,
  request: Request
): Promise<Representation> {
  const plain: Representation = { file: identity, encoding: null }
  if (codings.length === 0 || request.headers.has('range')) return plain
  for (const coding of rankEncodings(request.headers.get('accept-encoding'), codings)) {
    if (coding === 'identity') return plain
    const encoding = coding as PrecompressedEncoding
    try {
      return { file: await statFile(given + SUFFIX[encoding], options), encoding }
    } catch (error) {
      if (!(error instanceof FileNotFoundError)) throw error
    }
  }
  return plain
}

/**
 * The header pairs for a representation: every answer that may vary gets `Vary:
 * Accept-Encoding`; an encoded one gets `content-encoding` and `accept-ranges: none` (ranges
 * are served from the identity file), loses the caller's `content-length`, and tags the
 * caller's entity-tag with its coding. @internal
 */
export function representationPairs(
  pairs: readonly HeaderPair[],
  encoding: PrecompressedEncoding | null
): HeaderPair[] {
  const out: HeaderPair[] = []
  let vary: string | null = null
  for (const pair of pairs) {
    const name = pair[0]
    if (name === 'vary') vary = vary === null ? pair[1] : `${vary}, ${pair[1]}`
    else if (encoding === null) out.push(pair)
    else if (name === 'etag') out.push(['etag', taggedETag(pair[1], encoding)])
    else if (name !== 'accept-ranges' && name !== 'content-length' && name !== 'content-encoding')
      out.push(pair)
  }
  out.push(['vary', mergeVary(vary)])
  if (encoding !== null) {
    out.push(['content-encoding', encoding])
    // RFC 9110 §14.3: a client must not resume this download by range, which would splice
    // identity bytes onto encoded ones.
    out.push(['accept-ranges', 'none'])
  }
  return out
}

/** `"abc"` → `"abc-br"`, `W/"abc"` → `W/"abc-br"`: one entity-tag per representation. @internal */
export function taggedETag(etag: string, encoding: PrecompressedEncoding): string {
  return etag.endsWith('"') ? `${etag.slice(0, -1)}-${encoding}"` : `${etag}-${encoding}`
}
