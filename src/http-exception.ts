import { toHeaderPairs } from './internal/core/headers'
import { JSONResponse } from './json'

const BRAND = Symbol.for('response-kit.http-exception')

/** Reason phrases for the statuses handlers throw most (RFC 9110 §15); others get "Error". */
const PHRASES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  411: 'Length Required',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
}

/**
 * An error that becomes an HTTP response, FastAPI style: thrown from a handler wrapped by
 * `defaultResponseClass` or any adapter, it is answered with `{"detail": …}` as JSON, its
 * status and its headers. `detail` defaults to the status's reason phrase ("Not Found").
 * Throws `RangeError` for a status outside 400–599 and `TypeError` for CR/LF/NUL in a header.
 *
 * @example
 * ```ts
 * import { HTTPException } from 'response-kit'
 * export default {
 *   fetch(request: Request) {
 *     if (!request.headers.get('authorization')) {
 *       throw new HTTPException(401, 'Sign in first', { 'www-authenticate': 'Bearer' })
 *     }
 *     return new Response('ok')
 *   },
 * }
 * ```
 * @see {@link https://github.com/response-kit/response-kit/blob/main/docs/guides/default-response-class.md | Default response class guide}
 */
export class HTTPException extends Error {
  /** The response status, 400–599. */
  readonly status: number
  /** What goes into `{"detail": …}`: any JSON-serialisable value. */
  readonly detail: unknown
  /** Extra response headers, such as `www-authenticate` or `retry-after`. */
  readonly headers: HeadersInit | undefined

  /**
   * @param status - an error status, 400–599
   * @param detail - the `detail` value; defaults to the reason phrase
   * @param headers - extra headers for the response
   */
  constructor(status: number, detail?: unknown, headers?: HeadersInit) {
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new RangeError(
        `HTTPException status must be an integer from 400 to 599, got ${String(status)}`
      )
    }
    const phrase = PHRASES[status] ?? 'Error'
    super(typeof detail === 'string' ? detail : phrase)
    this.name = 'HTTPException'
    this.status = status
    this.detail = detail === undefined ? phrase : detail
    // Validate now, so a bad header fails where it is thrown, not when the response is written.
    toHeaderPairs(headers)
    this.headers = headers
    Object.defineProperty(this, BRAND, { value: true })
  }

  /** Builds the JSON response `{"detail": …}` with this exception's status and headers. */
  toResponse(): Response {
    const init =
      this.headers === undefined
        ? { status: this.status }
        : { status: this.status, headers: this.headers }
    return new JSONResponse({ detail: this.detail }, init)
  }
}

/**
 * True when `error` is an {@link HTTPException} from any copy of response-kit (checked by a
 * `Symbol.for` brand, so the ESM and CJS builds agree).
 *
 * @example
 * ```ts
 * import { HTTPException, isHTTPException } from 'response-kit'
 * isHTTPException(new HTTPException(404)) // true
 * ```
 */
export function isHTTPException(error: unknown): error is HTTPException {
  return typeof error === 'object' && error !== null && BRAND in error
}
