import { BaseResponse, type BaseResponseInit } from './response'

/**
 * A `Response` whose body is the given HTML, sent as it is (trusted, not escaped, as in
 * Starlette and hono's `c.html`) with `content-type: text/html; charset=utf-8` and an exact
 * `content-length`. Accepts a string or bytes; any other content is a `TypeError`.
 *
 * @example
 * ```ts
 * import { HTMLResponse } from 'response-kit'
 * export default { fetch: () => new HTMLResponse('<h1>Hello</h1>') }
 * ```
 * @see {@link https://github.com/response-kit/response-kit/blob/main/docs/guides/responses.md#htmlresponse | Responses guide}
 */
export class HTMLResponse extends BaseResponse {
  static override mediaType: string | null = 'text/html'

  /**
   * @param content - HTML as a string (UTF-8) or bytes
   * @param init - status, headers and response-kit options
   */
  constructor(content?: string | ArrayBuffer | ArrayBufferView | null, init?: BaseResponseInit) {
    super(content, init)
  }
}
