import { isJSONMediaType } from './internal/core/json'
import { prepareResponse } from './internal/core/prepare'
import type { ErrorHandler } from './response'
import { errorToResponse } from './internal/core/error-response'
import { toHeaderPairs } from './internal/core/headers'
import { NDJSONResponse } from './ndjson'
import type { BaseResponseInit, ResponseClassLike } from './response'

export type { ResponseClassLike } from './response'
import { StreamingResponse } from './streaming'

/** Options of {@link defaultResponseClass}, and per route (where they win). */
export interface DefaultResponseClassOptions {
  /**
   * Status of built responses (not of returned `Response`s, which pass through).
   * @defaultValue the class's default (200; 307 for `RedirectResponse`)
   */
  status?: number
  /**
   * Headers added to built responses.
   * @defaultValue none
   */
  headers?: HeadersInit
  /**
   * Receives errors that become a 500 (anything but an `HTTPException`), and stream errors.
   * @defaultValue `console.error`
   */
  onError?: ErrorHandler
  /**
   * Calls the response's `prepare(request)` (Range, conditional GET, HEAD, and a streaming
   * body's first chunk read ahead)
   * before returning it, for servers where nothing else does: `Deno.serve`, `Bun.serve`,
   * workerd. The response-kit adapters already prepare every response, so leave it off under
   * them (a response must be prepared once).
   * @defaultValue `false`
   */
  prepare?: boolean
}

/** Per-route options: the shared ones plus a `responseClass` that overrides the default. */
export interface RouteOptions extends DefaultResponseClassOptions {
  /**
   * The class for this route only (FastAPI's `response_class`).
   * @defaultValue the wrapper's class
   */
  responseClass?: ResponseClassLike
}

/**
 * A handler as written: it may return data, a `Response`, a generator or a promise of one.
 * `A` are the arguments after the request (none for the Node and Express adapters).
 */
export type ValueHandler<A extends unknown[] = []> = (request: Request, ...rest: A) => unknown

/** A fetch handler: what `defaultResponseClass` makes of a {@link ValueHandler}. */
export type WrappedHandler<A extends unknown[]> = (
  request: Request,
  ...rest: A
) => Promise<Response>

/** The wrapper `defaultResponseClass` returns; `route` options override the defaults. */
export interface ResponseClassWrapper {
  <A extends unknown[]>(handler: ValueHandler<A>, route?: RouteOptions): WrappedHandler<A>
  /** The class this wrapper builds. */
  readonly responseClass: ResponseClassLike
}

type StreamingClass = typeof StreamingResponse

function isByteStream(value: object): boolean {
  // A ReadableStream, or a Node Readable (duck-typed: no node: import at the root).
  if (typeof (value as { getReader?: unknown }).getReader === 'function') return true
  return typeof (value as { pipe?: unknown }).pipe === 'function' && Symbol.asyncIterator in value
}

function isItemStream(value: object): boolean {
  if (typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function') {
    return true
  }
  // Generators and other iterators (they have next); arrays, Maps and strings are data.
  const iterable = value as { [Symbol.iterator]?: unknown; next?: unknown }
  return typeof iterable[Symbol.iterator] === 'function' && typeof iterable.next === 'function'
}

function streams(Class: ResponseClassLike): boolean {
  if (Class === (StreamingResponse as unknown) || Class.prototype instanceof StreamingResponse) {
    return true
  }
  // A copy of SSEResponse from the other build (ESM/CJS) is still recognised by its type.
  return Class.mediaType === 'text/event-stream'
}

function streamResponse(value: object, Class: ResponseClassLike, init: BaseResponseInit) {
  if (streams(Class)) return (Class as unknown as StreamingClass).primed(value as never, init)
  if (isByteStream(value)) return StreamingResponse.primed(value as never, init)
  if (typeof Class.mediaType === 'string' && isJSONMediaType(Class.mediaType)) {
    // FastAPI: a generator under a JSON default is JSON Lines.
    return NDJSONResponse.primed(value as never, { mediaType: 'application/jsonl', ...init })
  }
  const mediaType = Class.mediaType ?? null
  return StreamingResponse.primed(value as never, { mediaType, ...init })
}

/**
 * Turns a handler's return value into a `Response` under `Class` (the rules of
 * {@link defaultResponseClass}); adapters use it for their `defaultResponseClass` option.
 *
 * @example
 * ```ts
 * import { HTMLResponse, toResponse } from 'response-kit'
 * const res = await toResponse('<h1>Hi</h1>', HTMLResponse) // text/html; charset=utf-8
 * ```
 */
export async function toResponse(
  value: unknown,
  Class: ResponseClassLike,
  init: BaseResponseInit = {}
): Promise<Response> {
  if (value instanceof Response) return value
  if (typeof Class.fromReturnValue === 'function') return Class.fromReturnValue(value, init)
  if (typeof value === 'object' && value !== null && (isByteStream(value) || isItemStream(value))) {
    return streamResponse(value, Class, init)
  }
  return new Class(value as never, init as never)
}

function checkClass(Class: unknown, label: string): asserts Class is ResponseClassLike {
  const proto = (Class as { prototype?: unknown } | null)?.prototype
  if (typeof Class !== 'function' || !(Class === Response || proto instanceof Response)) {
    throw new TypeError(`${label} must be a Response class, such as JSONResponse`)
  }
}

/** Builds the init once per route, checking it now so a bad option fails at start-up. */
function initFrom(
  Class: ResponseClassLike,
  options: DefaultResponseClassOptions
): BaseResponseInit {
  const init: BaseResponseInit = {}
  if (options.status !== undefined) {
    const check = (Class as { checkStatus?: (status: number) => void }).checkStatus
    if (typeof check === 'function') check.call(Class, options.status)
    init.status = options.status
  }
  // Copied into pairs: validated (CR/LF/NUL is a TypeError) and safe from later mutation.
  if (options.headers !== undefined) init.headers = toHeaderPairs(options.headers)
  if (options.onError !== undefined) init.onError = options.onError
  return init
}

/**
 * Makes a wrapper that turns handlers returning plain data into fetch handlers, FastAPI's
 * `default_response_class`: a returned `Response` (any, not only ours) passes through
 * untouched; a generator or async iterable becomes a stream (JSON Lines, `application/jsonl`,
 * under a JSON class; SSE under `SSEResponse`; raw chunks under `StreamingResponse` or any
 * other class); anything else becomes `new Class(value, init)`, so a string is the body under
 * `PlainTextResponse`/`HTMLResponse`, the URL under `RedirectResponse` and the path under
 * `FileResponse`. A thrown `HTTPException` becomes its `{"detail": …}` JSON; any other
 * error becomes a generic 500 and is reported to `onError`. Per route, pass `{ responseClass }`
 * as the wrapper's second argument; wrappers nest, and the innermost wins, because an inner
 * wrapper already returns a `Response`. Throws `TypeError` when `Class` is not a `Response`
 * class, the handler is not a function or a header value has CR/LF/NUL, and the class's
 * `RangeError` for a bad `status`, when the route is wrapped (at start-up, not per request).
 *
 * @example
 * ```ts
 * import { HTMLResponse, JSONResponse, defaultResponseClass } from 'response-kit'
 * const app = defaultResponseClass(JSONResponse)
 * const users = app(() => [{ id: 1, name: 'Ada' }])
 * const home = app(() => '<h1>Home</h1>', { responseClass: HTMLResponse })
 * export default {
 *   fetch: (request: Request) => (new URL(request.url).pathname === '/' ? home : users)(request),
 * }
 * ```
 * @see {@link https://github.com/response-kit/response-kit/blob/main/docs/guides/default-response-class.md | Default response class guide}
 */
export function defaultResponseClass(
  Class: ResponseClassLike,
  options: DefaultResponseClassOptions = {}
): ResponseClassWrapper {
  checkClass(Class, 'defaultResponseClass Class')
  const wrap = <A extends unknown[]>(
    handler: ValueHandler<A>,
    route: RouteOptions = {}
  ): WrappedHandler<A> => {
    if (typeof handler !== 'function') {
      throw new TypeError('defaultResponseClass handler must be a function')
    }
    const RouteClass = route.responseClass ?? Class
    if (route.responseClass !== undefined) checkClass(RouteClass, 'route.responseClass')
    const { responseClass: _ignored, ...routeOptions } = route
    const merged = { ...options, ...routeOptions }
    const init = initFrom(RouteClass, merged)
    return async (request: Request, ...rest: A): Promise<Response> => {
      try {
        const response = await toResponse(await handler(request, ...rest), RouteClass, init)
        return merged.prepare === true ? await prepareResponse(response, request) : response
      } catch (error) {
        // Remix-style `throw new Response(...)` is an answer, not a failure.
        if (error instanceof Response) return error
        return errorToResponse(error, merged.onError)
      }
    }
  }
  return Object.assign(wrap, { responseClass: Class }) as ResponseClassWrapper
}
