/**
 * Express adapter (Express 4 and 5): run a fetch-style handler as an Express route handler or
 * middleware, and send any `Response` from existing Express code, with the Node writer of
 * `'response-kit/node'`. Import from `'response-kit/express'`. Node only.
 *
 * @module response-kit/express
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { report } from '../internal/core/report'
import type { ErrorHandler } from '../response'
import { isHTTPException } from '../http-exception'
import { drainAfterFinish } from '../internal/node/drain'
import { parsedBody } from '../internal/node/parsed-body'
import { breakResponse, type PumpLimits } from '../internal/node/pump'
import { limitsOf } from '../internal/node/limits'
import { compressor, type CompressOptions } from '../internal/compress/settings'
import { lazyFields, lazyRequest } from '../internal/node/request'
import { isResponse, isThenable } from '../internal/core/is-response'
import { write } from '../internal/node/write'
import { prepareResponse } from '../internal/core/prepare'
import { getState } from '../internal/core/state'
import type { ResponseClassLike } from '../default-response-class'
import { valueConverter } from '../internal/core/default-class'
import type { ValueHandler } from '../default-response-class'
import type { FetchHandler } from './node'

export type { FetchHandler, ValueHandler } from './node'

/** The fields Express adds to a Node request that the adapter reads. */
export interface ExpressRequestFields {
  /** The URL before router mounting stripped its prefix; used for `request.url`. */
  originalUrl?: string
  /** What a body parser (`express.json()` …) left; reused as the `Request` body. */
  body?: unknown
}

/** The parts of an Express request the adapter reads (Express 4 and 5 both fit). */
export type ExpressRequest = IncomingMessage & ExpressRequestFields

/** An Express `(req, res, next)` handler, usable with `app.get`, `app.use` or a router. */
export type ExpressHandler = (
  req: ExpressRequest,
  res: ServerResponse,
  next: (error?: unknown) => void
) => void

/** Options for {@link toExpressHandler} and {@link writeResponse}. */
export interface ExpressHandlerOptions {
  /**
   * Receives writer errors and mid-stream failures. Handler errors go to `next(err)` instead.
   * @defaultValue `console.error`
   */
  onError?: ErrorHandler
  /**
   * Turns plain return values into responses of this class, as `defaultResponseClass` does;
   * only for {@link toExpressHandler}.
   * @defaultValue none: the handler must return a `Response`
   */
  defaultResponseClass?: ResponseClassLike
  /**
   * Bytes a response may hold unsent before the writer stops pulling from a streaming body
   * (see `response-kit/node`'s option of the same name). Throws `RangeError` for a negative or
   * non-integer value.
   * @defaultValue Node's own (`res.writableHighWaterMark`, 16 KiB on Node 20)
   * @example
   * ```ts
   * toExpressHandler(handler, { highWaterMark: 256 * 1024 })
   * ```
   */
  highWaterMark?: number
  /**
   * Milliseconds a streaming response may wait for the client to take bytes once its buffer
   * is full; then the body closes with reason `'timeout'` and the socket is destroyed. For
   * bodies without their own `stallTimeout`; `0` turns it off. Throws `RangeError` for a
   * negative or non-finite value.
   * @defaultValue `0` (off) for plain streams; `30000` for `SSEResponse`
   * @example
   * ```ts
   * toExpressHandler(handler, { stallTimeout: 30_000 })
   * ```
   */
  stallTimeout?: number
  /**
   * Compresses responses with `compress()` from `'response-kit/compress'` (`true` for its
   * defaults), in place of Express's `compression()`; only for {@link toExpressHandler}.
   * @defaultValue `false`
   */
  compression?: boolean | CompressOptions
}

/**
 * Turns a fetch-style handler into an Express handler. The handler gets a lazy `Request` whose
 * URL is `req.originalUrl` (so it is right under mounted routers) and whose body is the one
 * `express.json()`, `express.urlencoded()`, `express.text()` or `express.raw()` already parsed,
 * when they ran. Its `Response` is `prepare`d (Range, conditional GET, a stream's first chunk) and
 * written with the Node writer; under `compression()` every stream chunk is flushed at once.
 * An `HTTPException` is answered with its JSON; any other error (thrown, rejected, or from
 * `prepare`) goes to `next(err)` while nothing has been sent. Throws `TypeError` when `handler`
 * is not a function.
 *
 * @example
 * ```ts
 * import express from 'express'
 * import { JSONResponse } from 'response-kit'
 * import { toExpressHandler } from 'response-kit/express'
 *
 * const app = express()
 * app.use(express.json())
 * app.post('/echo', toExpressHandler(async (request) => new JSONResponse(await request.json())))
 * app.listen(3000)
 * ```
 * @see {@link https://github.com/response-kit/response-kit/blob/main/docs/guides/adapters.md | Adapters guide}
 */
export function toExpressHandler(
  handler: FetchHandler | ValueHandler,
  options: ExpressHandlerOptions = {}
): ExpressHandler {
  if (typeof handler !== 'function') throw new TypeError('handler must be a function')
  const onError = options.onError
  const convert = valueConverter(options)
  const limits = limitsOf(options)
  const compress = compressor(options.compression)
  return (req, res, next) => {
    const override = parsedBody(req)
    const request = lazyRequest(req, res, req.originalUrl ?? req.url, override)
    if (override === undefined) drainAfterFinish(req, res, lazyFields(request)!)
    const call: Call = { res, next, request, onError, limits, compress }
    let result: unknown
    try {
      result = handler(request)
      if (convert !== undefined) result = convert(result)
    } catch (error) {
      return fail(call, error)
    }
    if (isThenable(result)) {
      result
        .then((value: unknown) => prepareValue(value, call))
        .then(
          (value: unknown) => deliver(call, value),
          (error: unknown) => fail(call, error)
        )
      return
    }
    // Synchronous all the way when the handler and prepare are (the common case).
    let ready: unknown
    try {
      ready = prepareValue(result, call)
    } catch (error) {
      return fail(call, error)
    }
    deliver(call, ready)
  }
}

/** What one request's callbacks share (one object instead of a closure per callback). */
interface Call {
  res: ServerResponse
  next: (error?: unknown) => void
  request: Request
  onError: ErrorHandler | undefined
  limits: PumpLimits | undefined
  compress: ((response: Response, request: Request) => Promise<Response>) | undefined
}

function prepareValue(value: unknown, call: Call): unknown {
  if (!isResponse(value)) return value
  // A stream that ends with its last chunk while priming reports there (SSE's errorEvent).
  if (call.onError !== undefined) getState(value)?.stream?.reportTo(call.onError)
  // compress() prepares first (a 206 or 304 stays as it is), then compresses.
  return call.compress ? call.compress(value, call.request) : prepareResponse(value, call.request)
}

/** Writes the (possibly still pending) prepared response. */
function deliver(call: Call, value: unknown): void {
  if (isThenable(value)) {
    value.then(
      (ready: unknown) => deliver(call, ready),
      (error: unknown) => fail(call, error)
    )
    return
  }
  if (!isResponse(value)) {
    return fail(call, new TypeError(`The handler must return a Response, got ${typeof value}`))
  }
  try {
    write(call.res, value, { onError: call.onError, limits: call.limits })
  } catch (error) {
    fail(call, error)
  }
}

/** An HTTPException is answered; other errors go to `next` while nothing has been sent. */
function fail(call: Call, error: unknown): void {
  const { res } = call
  if (isHTTPException(error) && !res.headersSent) return deliver(call, error.toResponse())
  if (!res.headersSent) return call.next(error)
  report(call.onError, error, { phase: 'adapter' })
  breakResponse(res, error)
}

/**
 * Sends a `Response` from existing Express code (`res.json`-style), through the same writer as
 * {@link toExpressHandler}: `prepare` runs against `req`, headers already set on `res` (by
 * `cors()` and the like) are kept, and the promise resolves once the body has been sent.
 * Rejects with `TypeError` when `response` is not a `Response`; errors from `prepare` reject
 * too, so `next(err)` can take them.
 *
 * @example
 * ```ts
 * import express from 'express'
 * import { SSEResponse } from 'response-kit'
 * import { writeResponse } from 'response-kit/express'
 *
 * const app = express()
 * app.get('/events', (req, res, next) => {
 *   writeResponse(res, new SSEResponse(ticks())).catch(next)
 * })
 * ```
 * @see {@link https://github.com/response-kit/response-kit/blob/main/docs/guides/adapters.md | Adapters guide}
 */
export async function writeResponse(
  res: ServerResponse,
  response: Response,
  options: ExpressHandlerOptions = {}
): Promise<void> {
  if (!isResponse(response)) throw new TypeError('response must be a Response')
  const limits = limitsOf(options)
  if (options.onError !== undefined) getState(response)?.stream?.reportTo(options.onError)
  const req = res.req as ExpressRequest | undefined
  const request =
    req === undefined ? undefined : lazyRequest(req, res, req.originalUrl, parsedBody(req))
  const ready = request === undefined ? response : await prepareResponse(response, request)
  await new Promise<void>((done) => write(res, ready, { onError: options.onError, done, limits }))
}

/**
 * The former name of {@link writeResponse}.
 * @deprecated Use `writeResponse`, the same verb as `response-kit/node`'s.
 */
export const sendResponse: typeof writeResponse = writeResponse
