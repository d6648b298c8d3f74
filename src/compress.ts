/**
 * Response compression that keeps streams streaming: `compress(response, request)` negotiates
 * br, zstd, gzip or deflate from `Accept-Encoding` and returns the compressed response. Import
 * from `'response-kit/compress'`. Runs everywhere: Node's zlib is reached through
 * `process.getBuiltinModule` (Node, Bun, Deno, workerd), flushed whenever the source pauses;
 * elsewhere `CompressionStream` is used, which cannot flush, so event streams are left
 * uncompressed.
 *
 * @module response-kit/compress
 */
import { applyCompression } from './internal/compress/apply'
import { defaultEngine } from './internal/compress/engine'
import { settingsOf, type CompressOptions } from './internal/compress/settings'

export type { CompressEncoding, CompressOptions } from './internal/compress/settings'

/**
 * Returns `response` compressed for `request`: a response-kit instance is `prepare`d first
 * (Range, conditional GET), then the coding is negotiated from `Accept-Encoding` (highest
 * q-value wins, ties go to `options.encodings` order, `*` and `identity;q=0` honoured; when
 * nothing is acceptable the body goes out uncompressed). Fixed bodies of response-kit classes
 * are compressed in one go and get a `content-length`; any other body streams, flushed on zlib
 * whenever the source has nothing more ready (chunks it has ready at once share one flush), so
 * an SSE event or token reaches the client at once. The source is still pulled only as the
 * client reads, and a client that leaves cancels it (its `finally` runs and the zlib handle is
 * destroyed). Left as they are: HEAD, 204, 206 and 304, a body with a known
 * length under `threshold`, an existing `content-encoding`, `cache-control: no-transform`,
 * types the filter rejects, and `text/event-stream` where only `CompressionStream` exists.
 * Every response that could be compressed gets `Vary: Accept-Encoding` (merged with an existing
 * `Vary`); a compressed one loses `content-length` (streams) and `accept-ranges`, and its
 * strong ETag becomes weak. Background tasks and `onError` move to the new response. Throws
 * `TypeError` for a `response` or `request` of the wrong type or bad options, `RangeError` for
 * an out-of-range `threshold` or level; rejects with what `prepare` rejects with.
 *
 * @example
 * ```ts
 * import { JSONResponse } from 'response-kit'
 * import { compress } from 'response-kit/compress'
 *
 * export default {
 *   fetch: (request: Request) => compress(new JSONResponse({ items: [] }), request),
 * }
 * ```
 * @see {@link https://github.com/response-kit/response-kit/blob/main/docs/guides/compression.md | Compression guide}
 */
export async function compress(
  response: Response,
  request: Request,
  options: CompressOptions = {}
): Promise<Response> {
  if (!(response instanceof Response) && String(response) !== '[object Response]') {
    throw new TypeError('response must be a Response')
  }
  if (typeof (request as { headers?: { get?: unknown } } | null)?.headers?.get !== 'function') {
    throw new TypeError('request must be a Request')
  }
  return applyCompression(response, request, defaultEngine(), settingsOf(options))
}
