import { toHeaderPairs } from './internal/core/headers'
import { encodeLocation } from './internal/http/location'
import { BaseResponse, type BaseResponseInit } from './response'

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])

/**
 * Options of {@link RedirectResponse}: those of every class except `mediaType` and `charset`,
 * which mean nothing for a response without a body (passing them is a `TypeError`).
 *
 * @example
 * ```ts
 * import { RedirectResponse, type RedirectResponseInit } from 'response-kit'
 * const init: RedirectResponseInit = { status: 308, headers: { 'cache-control': 'no-store' } }
 * const res = new RedirectResponse('/new-home', init)
 * ```
 */
export type RedirectResponseInit = Omit<BaseResponseInit, 'mediaType' | 'charset'>

/**
 * A redirect with an empty body and `content-length: 0`, status 307 by default (keeps the
 * method, as Starlette's). `Location` is the URL percent-encoded with Starlette's safe set:
 * `/I ♥ x/` becomes `/I%20%E2%99%A5%20x/`, existing `%XX` stays, and CR/LF become `%0D%0A`, so
 * no header can be injected. Throws `RangeError` for a status other than 301, 302, 303, 307 or
 * 308, and `TypeError` when `url` is not a string or `URL`, when it holds a lone UTF-16
 * surrogate, or when `init` has a `mediaType` or `charset`.
 *
 * @example
 * ```ts
 * import { RedirectResponse } from 'response-kit'
 * export default { fetch: () => new RedirectResponse('/login', { status: 303 }) }
 * ```
 * @see {@link https://github.com/response-kit/response-kit/blob/main/docs/guides/responses.md#redirectresponse | Responses guide}
 */
export class RedirectResponse extends BaseResponse {
  static override defaultStatus = 307

  /** Throws `RangeError` unless `status` is 301, 302, 303, 307 or 308. */
  static override checkStatus(status: number): void {
    if (!REDIRECT_STATUSES.has(status)) {
      throw new RangeError(
        `RedirectResponse status must be 301, 302, 303, 307 or 308, got ${String(status)}`
      )
    }
  }

  /**
   * @param url - the target, relative or absolute
   * @param init - status (307 by default), headers and response-kit options
   */
  constructor(url: string | URL, init: RedirectResponseInit = {}) {
    if (typeof url !== 'string' && !(url instanceof URL)) {
      throw new TypeError(`RedirectResponse url must be a string or URL, got ${typeof url}`)
    }
    if (typeof init !== 'object' || init === null) throw new TypeError('init must be an object')
    const { mediaType, charset } = init as BaseResponseInit
    if (mediaType !== undefined || charset !== undefined) {
      throw new TypeError(
        'RedirectResponse has no body: init.mediaType and init.charset are not allowed'
      )
    }
    const headers = toHeaderPairs(init.headers).filter(([name]) => name !== 'location')
    headers.push(['location', encodeLocation(String(url))])
    super(null, { ...init, headers })
  }
}
