/**
 * Options of `compress()` and of the adapters' `compression` option, validated once.
 *
 * @internal
 * @module
 */
import { applyCompression, type Settings } from './apply'
import { defaultEngine } from './engine'
import { PREFERENCE, type Encoding } from './negotiate'
import { isCompressibleType } from './rules'

/** A content coding `compress()` can produce. */
export type CompressEncoding = 'br' | 'zstd' | 'gzip' | 'deflate'

/** Options of `compress()` and of the adapters' `compression` option. */
export interface CompressOptions {
  /**
   * Bodies whose length is known and below this many bytes are sent as they are. Streams of
   * unknown length are always compressed.
   * @defaultValue 1024
   */
  threshold?: number
  /**
   * The codings to offer, in server preference order (used when the client weighs several
   * equally). Codings the runtime lacks (zstd before Node 22.15) are left out.
   * @defaultValue `['br', 'zstd', 'gzip', 'deflate']`
   */
  encodings?: readonly CompressEncoding[]
  /**
   * Compression level per coding: zlib's `level` for gzip and deflate (0–9), brotli's quality
   * (0–11), zstd's level (1–22).
   * @defaultValue gzip and deflate 6, brotli 4, zstd 3
   */
  levels?: Partial<Record<CompressEncoding, number>>
  /**
   * Decides from the `content-type` whether a type is worth compressing.
   * @defaultValue mime-db's `compressible` flag (text/*, JSON, XML, JavaScript …), plus NDJSON
   */
  filter?: (contentType: string) => boolean
}

const LEVELS: Record<Encoding, [number, number]> = {
  gzip: [0, 9],
  deflate: [0, 9],
  br: [0, 11],
  zstd: [1, 22],
}

/** Validates options: `TypeError` or `RangeError` naming the field. @internal */
export function settingsOf(options: CompressOptions): Settings {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('compress options must be an object')
  }
  const threshold = options.threshold ?? 1024
  if (!Number.isInteger(threshold) || threshold < 0) {
    throw new RangeError(`options.threshold must be a non-negative integer, got ${threshold}`)
  }
  const encodings = options.encodings ?? PREFERENCE
  if (!Array.isArray(encodings)) throw new TypeError('options.encodings must be an array')
  for (const encoding of encodings) {
    if (!PREFERENCE.includes(encoding)) {
      throw new TypeError(`options.encodings: unknown coding ${JSON.stringify(encoding)}`)
    }
  }
  const levels = options.levels ?? {}
  for (const [encoding, level] of Object.entries(levels)) {
    const range = LEVELS[encoding as Encoding]
    if (range === undefined) throw new TypeError(`options.levels: unknown coding ${encoding}`)
    if (!Number.isInteger(level) || level < range[0] || level > range[1]) {
      throw new RangeError(
        `options.levels.${encoding} must be an integer from ${range[0]} to ${range[1]}, got ${level}`
      )
    }
  }
  const filter = options.filter ?? isCompressibleType
  if (typeof filter !== 'function') throw new TypeError('options.filter must be a function')
  return { threshold, encodings, levels, filter }
}

/**
 * Validates compression options once, for adapters that compress every response (`true` for
 * the defaults, `false` or undefined for none). @internal
 */
export function compressor(
  options: CompressOptions | boolean | undefined
): ((response: Response, request: Request) => Promise<Response>) | undefined {
  if (options === undefined || options === false) return undefined
  const settings = settingsOf(options === true ? {} : options)
  return (response, request) => applyCompression(response, request, defaultEngine(), settings)
}
