/**
 * Header rules of `compress()`: which types compress, `no-transform`, `Vary` merging and ETag
 * weakening.
 *
 * @internal
 * @module
 */
import { COMPRESSIBLE_EXTRA, INCOMPRESSIBLE } from './compressible-types'

let extra: Set<string> | null = null
let excluded: Set<string> | null = null

// The `compressible` package's fallback for types mime-db does not flag.
const PATTERN = /^text\/|\+(?:json|text|xml)$/
// Not in mime-db: response-kit's own NDJSONResponse type, JSON text by construction.
const OWN = new Set(['application/x-ndjson', 'application/jsonl'])

/** The bare media type of a `content-type` value, lower-cased. @internal */
export function mediaTypeOf(contentType: string): string {
  const semi = contentType.indexOf(';')
  return (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase()
}

/** Whether mime-db calls the type compressible (`compressible` package semantics). @internal */
export function isCompressibleType(contentType: string): boolean {
  const type = mediaTypeOf(contentType)
  extra ??= new Set(COMPRESSIBLE_EXTRA)
  excluded ??= new Set(INCOMPRESSIBLE)
  if (excluded.has(type)) return false
  return extra.has(type) || OWN.has(type) || PATTERN.test(type)
}

/** Whether `cache-control` forbids transforming the content (RFC 9111 §5.2.2.6). @internal */
export function hasNoTransform(cacheControl: string | null): boolean {
  return cacheControl !== null && /(?:^|,)\s*no-transform\s*(?:,|$)/i.test(cacheControl)
}

/** `vary` with `Accept-Encoding` added once; `*` already covers it. @internal */
export function mergeVary(vary: string | null): string {
  if (vary === null || vary.trim() === '') return 'Accept-Encoding'
  const fields = vary.split(',').map((field) => field.trim().toLowerCase())
  if (fields.includes('*') || fields.includes('accept-encoding')) return vary
  return `${vary}, Accept-Encoding`
}

/**
 * A strong ETag made weak: the compressed bytes differ from the identity ones, so a strong
 * validator would lie (RFC 9110 §8.8.1), while If-None-Match compares weakly (§13.1.2), so a
 * client revalidating with `W/"x"` still gets its 304 from the identity resource. @internal
 */
export function weakETag(etag: string): string {
  return etag.startsWith('W/') ? etag : `W/${etag}`
}
