import { BaseResponse, type BaseResponseInit } from './response'

/**
 * A `Response` whose body is the given text, sent as UTF-8 with
 * `content-type: text/plain; charset=utf-8` and an exact `content-length`. Accepts a string
 * or bytes (sent as they are); `null`/`undefined` give an empty body. Any other content is a
 * `TypeError`: text is never guessed from an object.
 *
 * @example
 * ```ts
 * import { PlainTextResponse } from 'response-kit'
 * export default { fetch: () => new PlainTextResponse('hello, world') }
 * ```
 * @see {@link https://github.com/response-kit/response-kit/blob/main/docs/guides/responses.md#plaintextresponse | Responses guide}
 */
export class PlainTextResponse extends BaseResponse {
  static override mediaType: string | null = 'text/plain'

  /**
   * @param content - a string (UTF-8) or bytes
   * @param init - status, headers and response-kit options
   */
  constructor(content?: string | ArrayBuffer | ArrayBufferView | null, init?: BaseResponseInit) {
    super(content, init)
  }
}
