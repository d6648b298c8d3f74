/**
 * Hono adapter: route handlers and a middleware that apply response-kit's request-aware step
 * (`prepare`: Range, conditional GET, HEAD, `Last-Event-ID`) inside Hono apps, on every runtime
 * Hono runs on. Import from `'response-kit/hono'`. Edge-safe: no `node:` imports, and `hono`
 * is used for types only.
 *
 * @module response-kit/hono
 */
import type { Context, MiddlewareHandler } from 'hono'
import { isHTTPException } from '../http-exception'
import type { ResponseClassLike } from '../default-response-class'
import { valueConverter } from '../internal/node/default-class'
import { isResponse } from '../internal/node/is-response'
import { getState } from '../internal/state'
import { compressor, type CompressOptions } from '../internal/compress/settings'

/** A fetch-style handler that may also use Hono's `Context`. */
export type HonoFetchHandler = (request: Request, c: Context) => Response | Promise<Response>

/** A handler that may return plain values, for the `defaultResponseClass` option. */
export type HonoValueHandler = (request: Request, c: Context) => unknown

/** Options for {@link honoHandler}. */
export interface HonoHandlerOptions {
  /**
   * Turns plain return values into responses of this class, as `defaultResponseClass` does
   * (data → the class, a generator → a stream, a `Response` → as it is).
   * @defaultValue none: the handler must return a `Response`
   */
  defaultResponseClass?: ResponseClassLike
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

type Preparable = Response & { prepare?: (request: Request) => Response | Promise<Response> }

/**
 * Runs `prepare(request)` when `response` is a response-kit instance, recognised by its
 * `Symbol.for` brand, never by `instanceof` on a subclass: two copies of the library (ESM and
 * CJS) must agree.
 */
async function prepare(response: Response, request: Request): Promise<Response> {
  const hook = (response as Preparable).prepare
  if (getState(response) === undefined || typeof hook !== 'function') return response
  return hook.call(response, request)
}

/**
 * Turns a fetch-style handler into a Hono handler. The handler gets `c.req.raw` (and `c`), and
 * its response is `prepare`d against that request before Hono sees it, so Range, conditional
 * GET and `Last-Event-ID` work even when Hono later re-wraps `c.res` as a plain `Response`. A
 * thrown `HTTPException` is answered with its JSON; other errors go to Hono's `app.onError`.
 * Throws `TypeError` when `handler` is not a function; a handler that returns something other
 * than a `Response` is a `TypeError` passed to `app.onError`.
 *
 * @example
 * ```ts
 * import { Hono } from 'hono'
 * import { JSONResponse } from 'response-kit'
 * import { honoHandler } from 'response-kit/hono'
 *
 * const app = new Hono()
 * app.get('/hello', honoHandler((request) => new JSONResponse({ url: request.url })))
 * export default app
 * ```
 * @see {@link https://github.com/response-kit/response-kit/blob/main/docs/guides/adapters.md | Adapters guide}
 */
export function honoHandler(
  handler: HonoFetchHandler | HonoValueHandler,
  options: HonoHandlerOptions = {}
): (c: Context) => Promise<Response> {
  if (typeof handler !== 'function') throw new TypeError('handler must be a function')
  const convert = valueConverter(options)
  const compress = compressor(options.compression)
  return async (c) => {
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
    try {
      // compress() runs prepare itself, before deciding (a 206 or 304 stays as it is).
      return await (compress ? compress(response, request) : prepare(response, request))
    } catch (error) {
      if (isHTTPException(error)) return error.toResponse()
      throw error
    }
  }
}

/**
 * A Hono middleware that runs `prepare(c.req.raw)` on a response-kit response returned by any
 * later handler, so plain Hono routes can return `FileResponse` or `SSEResponse` and still get
 * Range, conditional GET and `Last-Event-ID`. It looks for the library's brand on `c.res`; if
 * a middleware in between has already re-wrapped the response as a plain `Response`, there is
 * nothing left to prepare and the response is sent as it is (use {@link honoHandler} on such
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
      next_ = await (compress ? compress(current, c.req.raw) : prepare(current, c.req.raw))
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
