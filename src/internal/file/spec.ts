/**
 * What the `FileResponse` constructor checks and keeps: the options validated with a
 * `TypeError` naming the field, the source opened (in-memory) or kept as a path, and the
 * headers known before any `stat`.
 *
 * @internal
 * @module
 */
import type { FileResponseInit, FileSource, PrecompressedEncoding } from '../../file'
import { contentDisposition } from '../http/content-disposition'
import { withFileHeaders } from './plan'
import { isBlob } from '../core/bytes'
import { isMemorySource, openMemorySource, type FileBody } from './source'
import { assertSafeValue, findHeader, toHeaderPairs, type HeaderPair } from '../core/headers'
import { lookupMediaType } from './mime'
import type { PathOptions } from './node-path'
import { precompressedCodings } from './precompressed'

/** The fallback media type. @internal */
export const OCTET = 'application/octet-stream'

/** A constructed FileResponse's source and options. @internal */
export interface Spec {
  readonly path: string | URL | null
  readonly memory: FileBody | null
  readonly options: PathOptions
  readonly mtimeMs: number | undefined
  readonly init: FileResponseInit
  /** Precompressed sibling codings to offer, in preference order; empty when off. */
  readonly codings: readonly PrecompressedEncoding[]
}

/** Validates `init` and opens `source`. @internal */
export function toSpec(source: FileSource, init: FileResponseInit): Spec {
  if (typeof init !== 'object' || init === null) throw new TypeError('init must be an object')
  const { root, followSymlinks = false, dotfiles = 'deny', contentDisposition: type } = init
  if (root !== undefined && typeof root !== 'string')
    throw new TypeError('init.root must be a string')
  if (typeof followSymlinks !== 'boolean')
    throw new TypeError('init.followSymlinks must be a boolean')
  if (dotfiles !== 'allow' && dotfiles !== 'deny') {
    throw new TypeError("init.dotfiles must be 'allow' or 'deny'")
  }
  if (type !== undefined && type !== 'attachment' && type !== 'inline') {
    throw new TypeError("init.contentDisposition must be 'attachment' or 'inline'")
  }
  const mtimeMs = toMtime(init.mtime)
  const options: PathOptions = { root, followSymlinks, dotfiles }
  const codings = precompressedCodings(init.precompressed)
  const base = { options, mtimeMs, init, codings }
  if (typeof source === 'string') return { ...base, path: source, memory: null }
  if (source instanceof URL) {
    if (source.protocol !== 'file:') throw new TypeError('A FileResponse URL must be a file: URL')
    return { ...base, path: source, memory: null }
  }
  if (codings.length > 0) {
    throw new TypeError('init.precompressed needs a path source: siblings are found next to it')
  }
  if (!isMemorySource(source)) {
    throw new TypeError(
      'FileResponse source must be a path, file: URL, Blob, bytes, or a stream with init.size'
    )
  }
  return { ...base, path: null, memory: openMemorySource(source, init.size, mtimeMs) }
}

function toMtime(mtime: Date | number | undefined): number | undefined {
  if (mtime === undefined) return undefined
  const ms = mtime instanceof Date ? mtime.getTime() : mtime
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    throw new TypeError('init.mtime must be a valid Date or a finite number of milliseconds')
  }
  return ms
}

function guessMediaType(source: FileSource, init: FileResponseInit): string | null {
  if (init.mediaType !== undefined) return init.mediaType
  const byName = init.filename === undefined ? undefined : lookupMediaType(init.filename)
  if (byName !== undefined) return byName
  if (isBlob(source) && source.type !== '') return source.type
  if (typeof source === 'string') return lookupMediaType(source) ?? OCTET
  if (source instanceof URL) return lookupMediaType(source.pathname) ?? OCTET
  return OCTET
}

/** @internal The headers known at construction: disposition, etag, and size-based ones when known. */
export function initialHeaders(source: FileSource, spec: Spec) {
  const { init } = spec
  let pairs: HeaderPair[] = toHeaderPairs(init.headers)
  if (init.filename !== undefined && findHeader(pairs, 'content-disposition') === undefined) {
    pairs.push([
      'content-disposition',
      contentDisposition(init.contentDisposition ?? 'attachment', init.filename),
    ])
  }
  if (init.etag !== undefined && findHeader(pairs, 'etag') === undefined) {
    if (typeof init.etag !== 'string') throw new TypeError('init.etag must be a string')
    assertSafeValue('init.etag', init.etag)
    pairs.push(['etag', /^(W\/)?".*"$/.test(init.etag) ? init.etag : `"${init.etag}"`])
  }
  if (spec.memory !== null) pairs = withFileHeaders(pairs, spec.memory)
  else if (findHeader(pairs, 'accept-ranges') === undefined) pairs.push(['accept-ranges', 'bytes'])
  return { pairs, mediaType: guessMediaType(source, init) }
}
