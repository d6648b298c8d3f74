/**
 * Node adapter: serve a fetch-style handler with `node:http` (or `https`, or the HTTP/2
 * compatibility API) and write any `Response` to a Node response. Import from
 * `'response-kit/node'`. Node only.
 *
 * @module response-kit/node
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2'
import type { ResponseClassLike, ValueHandler } from '../default-response-class'
import { valueConverter } from '../internal/core/default-class'
import { errorToResponse } from '../internal/core/error-response'
import { isResponse, isThenable } from '../internal/core/is-response'
import { report } from '../internal/core/report'
import { compressor, type CompressOptions } from '../internal/compress/settings'
import type { ErrorHandler } from '../response'
import { drainAfterFinish } from '../internal/node/drain'
import { breakResponse } from '../internal/node/pump'
import { limitsOf } from '../internal/node/limits'
import { lazyFields, lazyRequest } from '../internal/node/request'
import type { NodeResponse } from '../internal/node/types'
import { write, type WriteContext } from '../internal/node/write'

/** A fetch-style handler: takes a `Request`, returns a `Response` (or a promise of one). */
export type FetchHandler = (request: Request) => Response | Promise<Response>

export type { ValueHandler } from '../default-response-class'
export { StreamClosedError } from '../stream-closed-error'
export { trackStreams } from '../track-streams'
export { diagnosticsChannels } from '../diagnostics'
export type { ResponseTrace } from '../diagnostics'
export type { DrainOptions, FinishOptions, StreamTracker } from '../track-streams'

/** A `node:http` / `node:https` request listener, also accepted by the HTTP/2 compat API. */
export type NodeListener = (
  req: IncomingMessage | Http2ServerRequest,
  res: ServerResponse | Http2ServerResponse
) => void

/** Options for {@link writeResponse}. */
export interface WriteResponseOptions {
  /**
   * The request being answered: passed to `prepare` (Range, conditional GET, a stream's first chunk)
   * and used to spot HEAD. Without it `prepare` is skipped and HEAD is read from `res.req`.
   */
  request?: Request
  /**
   * Receives errors from the writer and streaming bodies, unless the response has its own.
   * @defaultValue `console.error`
   */
  onError?: ErrorHandler
  /**
   * Bytes a response may hold unsent (Node's buffer plus ours) before the writer stops pulling
   * from a streaming body; below it the next chunk follows even when `write()` says the
   * buffer is full. Throws `RangeError` for a negative or non-integer value.
   * @defaultValue Node's own (`res.writableHighWaterMark`, 16 KiB on Node 20)
   * @example
   * ```ts
   * toNodeListener(handler, { highWaterMark: 256 * 1024 })
   * ```
   */
  highWaterMark?: number
  /**
   * Milliseconds a streaming response may wait for the client to take bytes (`'drain'`) once
   * its buffer is full; then the body closes with reason `'timeout'` (the producer's `finally`
   * runs) and the socket is destroyed. Applies to bodies without their own `stallTimeout`
   * (`SSEResponse` has 30 s). `0` turns it off. Throws `RangeError` for a negative or
   * non-finite value.
   * @defaultValue `0` (off) for plain streams; `30000` for `SSEResponse`
   * @example
   * ```ts
   * toNodeListener(handler, { stallTimeout: 30_000 })
   * ```
   */
  stallTimeout?: number
}

/** Options for {@link toNodeListener}. */
export interface NodeListenerOptions {
  /**
   * Receives handler errors (answered with a 500), writer errors and mid-stream failures.
   * `HTTPException`s are answered with their own status and are not reported.
   * @defaultValue `console.error`
   */
  onError?: ErrorHandler
  /**
   * Turns plain return values into responses of this class, as `defaultResponseClass` does
   * (data → the class, a generator → a stream, a `Response` → as it is).
   * @defaultValue none: the handler must return a `Response`
   */
  defaultResponseClass?: ResponseClassLike
  /**
   * Bytes a response may hold unsent (Node's buffer plus ours) before the writer stops pulling
   * from a streaming body; below it the next chunk follows even when `write()` says the
   * buffer is full. Throws `RangeError` for a negative or non-integer value.
   * @defaultValue Node's own (`res.writableHighWaterMark`, 16 KiB on Node 20)
   * @example
   * ```ts
   * toNodeListener(handler, { highWaterMark: 256 * 1024 })
   * ```
   */
  highWaterMark?: number
  /**
   * Milliseconds a streaming response may wait for the client to take bytes (`'drain'`) once
   * its buffer is full; then the body closes with reason `'timeout'` (the producer's `finally`
   * runs) and the socket is destroyed. Applies to bodies without their own `stallTimeout`
   * (`SSEResponse` has 30 s). `0` turns it off. Throws `RangeError` for a negative or
   * non-finite value.
   * @defaultValue `0` (off) for plain streams; `30000` for `SSEResponse`
   * @example
   * ```ts
   * toNodeListener(handler, { stallTimeout: 30_000 })
   * ```
   */
  stallTimeout?: number
  /**
   * Compresses responses with `compress()` from `'response-kit/compress'` (`true` for its
   * defaults): negotiated from `Accept-Encoding`, streams flushed after every chunk.
   * @defaultValue `false`
   */
  compression?: boolean | CompressOptions
}

function isNodeResponse(res: unknown): res is ServerResponse | Http2ServerResponse {
  return typeof (res as { writeHead?: unknown } | null)?.writeHead === 'function'
}

/** Calls the writer; anything it throws is reported and breaks the response. */
function writeSafely(res: NodeResponse, value: unknown, context: WriteContext): void {
  try {
    write(res, value as Response, context)
  } catch (error) {
    report(context.onError, error, { phase: 'adapter' })
    breakResponse(res, error)
    context.done?.()
  }
}

/**
 * Writes `response` to a Node response and resolves once the body has been sent (or the
 * client left). A response-kit instance whose body nobody has read is sent from its raw body
 * (one `writeHead` plus one `end`, or its own iterator for streams); any other `Response`
 * (native, undici's, hono's) through its `ReadableStream`. With `request`, the response's
 * `prepare` runs first. `write()`'s return value is honoured, a client that leaves cancels the
 * body, a mid-stream error destroys the socket and goes to `onError`, and an error before the
 * head becomes a 500. Throws `TypeError` when `res` is not a Node response or `response` is not
 * a `Response`.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http'
 * import { JSONResponse } from 'response-kit'
 * import { writeResponse } from 'response-kit/node'
 *
 * createServer((req, res) => {
 *   void writeResponse(res, new JSONResponse({ path: req.url }))
 * }).listen(3000)
 * ```
 * @see {@link https://github.com/response-kit/response-kit/blob/main/docs/guides/adapters.md | Adapters guide}
 */
export async function writeResponse(
  res: ServerResponse | Http2ServerResponse,
  response: Response,
  options: WriteResponseOptions = {}
): Promise<void> {
  if (!isNodeResponse(res)) throw new TypeError('res must be a Node ServerResponse')
  if (!isResponse(response)) throw new TypeError('response must be a Response')
  const limits = limitsOf(options)
  await new Promise<void>((done) =>
    writeSafely(res, response, { request: options.request, onError: options.onError, done, limits })
  )
}

/**
 * Turns a fetch-style handler into a listener for `http.createServer` (also `https` and
 * `http2.createServer`'s compatibility API). The handler gets a lazy `Request`: URL, method,
 * headers and body are built only when it reads them, and `request.signal` aborts when the
 * client leaves (pass `request.clone()`, a native `Request`, to `fetch()` or `new Request()`). The returned `Response` is written with {@link writeResponse} after its
 * `prepare(request)` step. A throw or rejection becomes a 500 (an `HTTPException` its own
 * answer), never a crash; a request body the handler did not finish reading is drained (up to
 * 64 MiB or 500 ms, then the connection is closed). Throws `TypeError` when `handler` is not a
 * function.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http'
 * import { JSONResponse } from 'response-kit'
 * import { toNodeListener } from 'response-kit/node'
 *
 * const listener = toNodeListener((request) => new JSONResponse({ url: request.url }))
 * createServer(listener).listen(3000)
 * ```
 * @see {@link https://github.com/response-kit/response-kit/blob/main/docs/guides/adapters.md | Adapters guide}
 */
export function toNodeListener(
  handler: FetchHandler | ValueHandler,
  options: NodeListenerOptions = {}
): NodeListener {
  if (typeof handler !== 'function') throw new TypeError('handler must be a function')
  const onError = options.onError
  const convert = valueConverter(options)
  const limits = limitsOf(options)
  const compress = compressor(options.compression)
  return (req, res) => {
    const request = lazyRequest(req, res)
    drainAfterFinish(req, res, lazyFields(request)!)
    const context: WriteContext = { request, onError, limits }
    let result: unknown
    try {
      result = handler(request)
      if (convert !== undefined) result = Promise.resolve(result).then(convert)
      if (compress !== undefined) {
        result = Promise.resolve(result).then((value) =>
          isResponse(value) ? compress(value, request) : value
        )
      }
    } catch (error) {
      result = errorToResponse(error, onError)
    }
    if (isThenable(result)) {
      result.then(
        (value) => writeSafely(res, value, context),
        (error: unknown) => writeSafely(res, errorToResponse(error, onError), context)
      )
    } else writeSafely(res, result, context)
  }
}
