/**
 * Hono adapter: route handlers and a middleware that apply response-kit's request-aware step
 * (`prepare`: Range, conditional GET, HEAD, a streaming body's first chunk) inside Hono apps, on every runtime
 * Hono runs on. Import from `'response-kit/hono'`. Edge-safe: no `node:` imports, and `hono`
 * is used for types only.
 *
 * @module response-kit/hono
 */
import type { Context, MiddlewareHandler } from 'hono'
import { isHTTPException } from '../http-exception'
import type { ResponseClassLike } from '../default-response-class'
import { valueConverter } from '../internal/core/default-class'
import { isResponse } from '../internal/core/is-response'
import { prepareResponse } from '../internal/core/prepare'
import { HOP_BY_HOP } from '../internal/http/hop-by-hop'
import { compressor, type CompressOptions } from '../internal/compress/settings'
import type { ErrorHandler } from '../response'
import { getState } from '../internal/core/state'
import { Lifecycle, type LifecycleEvent } from '../internal/core/lifecycle'

export type { LifecycleEvent } from '../internal/core/lifecycle'

/** A fetch-style handler that may also use Hono's `Context`. */
export type HonoFetchHandler = (request: Request, c: Context) => Response | Promise<Response>

/** A handler that may return plain values, for the `defaultResponseClass` option. */
export type HonoValueHandler = (request: Request, c: Context) => unknown

/** Options for {@link toHonoHandler}. */
export interface HonoHandlerOptions {
  /**
   * Receives mid-stream failures of the response's body, unless the response has its own
   * `onError`. Errors thrown by the handler go to Hono's `app.onError`.
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
   * Receives the response's lifecycle, on every runtime Hono runs on (the Node writer
   * publishes the same on `diagnostics_channel`): `start` (handler called), `head` (the
   * response is ready), `first-byte` and `end` as the runtime reads the body (with `bytes`,
   * `chunks`, `duration` and `reason`: `end`, `cancel` when the client left, `error`), and
   * `error` before `end` when the body fails. Each event is a snapshot object. The body is
   * wrapped in one more `ReadableStream` to see it, so this costs a little per chunk; errors
   * the callback throws are ignored. Throws `TypeError` when not a function.
   * @defaultValue none
   * @example
   * ```ts
   * toHonoHandler(handler, {
   *   onLifecycle: (e) => e.type === 'end' && console.log(e.status, e.reason, e.bytes, e.duration),
   * })
   * ```
   */
  onLifecycle?: (event: LifecycleEvent) => void
  /**
   * Compresses responses with `compress()` from `'response-kit/compress'` (`true` for its
   * defaults), in place of Hono's `compress()`, which cannot flush and skips event streams.
   * @defaultValue `false`
   */
  compression?: boolean | CompressOptions
}

/** Options for {@link prepareResponses}. */
export interface PrepareResponsesOptions {
  /**
   * Compresses every response (after `prepare`) with `compress()` from
   * `'response-kit/compress'`; `true` for its defaults.
   * @defaultValue `false`
   */
  compression?: boolean | CompressOptions
}

/**
 * Turns a fetch-style handler into a Hono handler. The handler gets `c.req.raw` (and `c`), and
 * its response is `prepare`d against that request before Hono sees it, so Range, conditional
 * GET and a stream's early failure (an error, not a broken 200) work even when Hono later
 * re-wraps `c.res` as a plain `Response`. A
 * thrown `HTTPException` is answered with its JSON; other errors go to Hono's `app.onError`.
 * Throws `TypeError` when `handler` is not a function; a handler that returns something other
 * than a `Response` is a `TypeError` passed to `app.onError`.
 *
 * @example
 * ```ts
 * import { Hono } from 'hono'
 * import { JSONResponse } from 'response-kit'
 * import { toHonoHandler } from 'response-kit/hono'
 *
 * const app = new Hono()
 * app.get('/hello', toHonoHandler((request) => new JSONResponse({ url: request.url })))
 * export default app
 * ```
 * @see {@link https://github.com/response-kit/response-kit/blob/main/docs/guides/adapters.md | Adapters guide}
 */
export function toHonoHandler(
  handler: HonoFetchHandler | HonoValueHandler,
  options: HonoHandlerOptions = {}
): (c: Context) => Promise<Response> {
  if (typeof handler !== 'function') throw new TypeError('handler must be a function')
  const convert = valueConverter(options)
  const compress = compressor(options.compression)
  const onError = options.onError
  const onLifecycle = options.onLifecycle
  if (onLifecycle !== undefined && typeof onLifecycle !== 'function') {
    throw new TypeError('options.onLifecycle must be a function')
  }
  if (onLifecycle === undefined) return handle
  return async (c) => {
    const lifecycle = new Lifecycle(c.req.raw, onLifecycle)
    let response: Response
    try {
      response = await handle(c)
    } catch (error) {
      lifecycle.fail(error)
      lifecycle.end('error')
      throw error
    }
    return lifecycle.watch(response)
  }

  async function handle(c: Context): Promise<Response> {
    const request = c.req.raw
    let response: unknown
    try {
      response = await handler(request, c)
      if (convert !== undefined) response = await convert(response)
    } catch (error) {
      if (isHTTPException(error)) return error.toResponse()
      throw error
    }
    if (!isResponse(response)) {
      throw new TypeError(`The handler must return a Response, got ${typeof response}`)
    }
    getState(response)?.stream?.reportTo(onError)
    try {
      // compress() prepares first (a 206 or 304 stays as it is), then compresses.
      const ready = await (compress
        ? compress(response, request)
        : prepareResponse(response, request))
      // prepare and compress may answer with a new response (a file's range, the compressed
      // body): its stream reports to the same place.
      if (ready !== response) getState(ready)?.stream?.reportTo(onError)
      return forHTTP2(c, ready)
    } catch (error) {
      if (isHTTPException(error)) return error.toResponse()
      throw error
    }
  }
}

/**
 * On Node's HTTP/2 compatibility API (`@hono/node-server` with an HTTP/2 server), drops the
 * hop-by-hop headers HTTP/2 forbids: node-server hands headers to Node as they are, and Node
 * throws on them (RFC 9113 §8.2.2), which node-server rethrows out of the process.
 */
function forHTTP2(c: Context, response: Response): Response {
  const incoming = (c.env as { incoming?: { stream?: unknown } } | undefined)?.incoming
  if (incoming?.stream === undefined) return response
  for (const name of HOP_BY_HOP) {
    if (response.headers.has(name)) response.headers.delete(name)
  }
  return response
}

/**
 * The former name of {@link toHonoHandler}.
 * @deprecated Use `toHonoHandler`; the adapters' converters are all named `to…`.
 */
export const honoHandler: typeof toHonoHandler = toHonoHandler

/**
 * A Hono middleware that runs `prepare(c.req.raw)` on a response-kit response returned by any
 * later handler, so plain Hono routes can return `FileResponse` or `SSEResponse` and still get
 * Range, conditional GET and a stream's early failure as an error. It looks for the library's brand on `c.res`; if
 * a middleware in between has already re-wrapped the response as a plain `Response`, there is
 * nothing left to prepare and the response is sent as it is (use {@link toHonoHandler} on such
 * routes). The prepared response replaces `c.res` without merging the old headers into it, so
 * a 206 keeps its own `content-length`.
 *
 * @example
 * ```ts
 * import { Hono } from 'hono'
 * import { PlainTextResponse } from 'response-kit'
 * import { prepareResponses } from 'response-kit/hono'
 *
 * const app = new Hono()
 * app.use(prepareResponses())
 * app.get('/', () => new PlainTextResponse('hi'))
 * ```
 * @see {@link https://github.com/response-kit/response-kit/blob/main/docs/guides/adapters.md | Adapters guide}
 */
export function prepareResponses(options: PrepareResponsesOptions = {}): MiddlewareHandler {
  const compress = compressor(options.compression)
  return async (c, next) => {
    await next()
    const current = c.res
    let next_: Response
    try {
      const ready = compress ? compress(current, c.req.raw) : prepareResponse(current, c.req.raw)
      next_ = forHTTP2(c, await ready)
    } catch (error) {
      if (!isHTTPException(error)) throw error
      next_ = error.toResponse()
    }
    if (next_ === current) return
    // Setting c.res over an existing one re-wraps it and copies the old headers over the new
    // (hono src/context.ts `set res`): clear it first so the prepared head stays intact.
    c.res = undefined
    c.res = next_
  }
}
