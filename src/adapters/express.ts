/**
 * Express adapter (Express 4 and 5): run a fetch-style handler as an Express route handler or
 * middleware, and send any `Response` from existing Express code, with the Node writer of
 * `'response-kit/node'`. Import from `'response-kit/express'`. Node only.
 *
 * @module response-kit/express
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { report, type ErrorHandler } from '../internal/background'
import { isHTTPException } from '../http-exception'
import { drainAfterFinish } from '../internal/node/drain'
import { parsedBody } from '../internal/node/parsed-body'
import { breakResponse } from '../internal/node/pump'
import { lazyFields, lazyRequest } from '../internal/node/request'
import { isResponse } from '../internal/node/is-response'
import { write } from '../internal/node/write'
import type { ResponseClassLike } from '../default-response-class'
import { valueConverter } from '../internal/node/default-class'
import type { FetchHandler, ValueHandler } from './node'

export type { FetchHandler, ValueHandler } from './node'

/** The parts of an Express request the adapter reads (Express 4 and 5 both fit). */
export type ExpressRequest = IncomingMessage & { originalUrl?: string; body?: unknown }

/** An Express `(req, res, next)` handler, usable with `app.get`, `app.use` or a router. */
export type ExpressHandler = (
  req: ExpressRequest,
  res: ServerResponse,
  next: (error?: unknown) => void
) => void

/** Options for {@link toExpressHandler} and {@link sendResponse}. */
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
}

type Preparable = Response & { prepare?: (request: Request) => Response | Promise<Response> }

/** Runs `prepare` for a response-kit instance; plain responses are returned as they are. */
function prepared(response: Response, request: Request): Response | Promise<Response> {
  const hook = (response as Preparable).prepare
  return typeof hook === 'function' ? hook.call(response, request) : response
}

/**
 * Turns a fetch-style handler into an Express handler. The handler gets a lazy `Request` whose
 * URL is `req.originalUrl` (so it is right under mounted routers) and whose body is the one
 * `express.json()`, `express.urlencoded()`, `express.text()` or `express.raw()` already parsed,
 * when they ran. Its `Response` is `prepare`d (Range, conditional GET, `Last-Event-ID`) and
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
  return (req, res, next) => {
    const override = parsedBody(req)
    const request = lazyRequest(req, res, req.originalUrl ?? req.url, override)
    if (override === undefined) drainAfterFinish(req, res, lazyFields(request)!)
    const fail = (error: unknown): void => {
      if (isHTTPException(error) && !res.headersSent) return send(error.toResponse())
      if (!res.headersSent) return next(error)
      report(onError, error, { phase: 'adapter' })
      breakResponse(res, error)
    }
    const send = (response: unknown): void => {
      if (!isResponse(response)) {
        return fail(new TypeError(`The handler must return a Response, got ${typeof response}`))
      }
      try {
        const done = write(res, response, { onError })
        if (done !== undefined) done.then(undefined, fail)
      } catch (error) {
        fail(error)
      }
    }
    // One async step for every handler; the fast path lives in the writer, not here.
    Promise.resolve()
      .then(() => handler(request))
      .then(convert)
      .then((response) => (isResponse(response) ? prepared(response, request) : response))
      .then(send, fail)
  }
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
 * import { sendResponse } from 'response-kit/express'
 *
 * const app = express()
 * app.get('/events', (req, res, next) => {
 *   sendResponse(res, new SSEResponse(ticks())).catch(next)
 * })
 * ```
 * @see {@link https://github.com/response-kit/response-kit/blob/main/docs/guides/adapters.md | Adapters guide}
 */
export async function sendResponse(
  res: ServerResponse,
  response: Response,
  options: ExpressHandlerOptions = {}
): Promise<void> {
  if (!isResponse(response)) throw new TypeError('response must be a Response')
  const req = res.req as ExpressRequest | undefined
  const request =
    req === undefined ? undefined : lazyRequest(req, res, req.originalUrl, parsedBody(req))
  const ready = request === undefined ? response : await prepared(response, request)
  await write(res, ready, { onError: options.onError })
}
