import { renderJSON, type NonFiniteMode } from './internal/core/json'
import { BaseResponse, type BaseResponseInit, type RenderedBody } from './response'

/** Options of {@link JSONResponse}. */
export interface JSONResponseInit extends BaseResponseInit {
  /**
   * What `NaN` and `±Infinity` become: `'null'` writes `null`, as `JSON.stringify`,
   * `Response.json()` and orjson do; `'error'` refuses them with a `TypeError`, as Starlette
   * does. The strict mode walks the value with a replacer, so it is slower.
   * @defaultValue `'null'`
   */
  nonFinite?: NonFiniteMode
}

/**
 * A `Response` whose body is `JSON.stringify(content)`: compact, non-ASCII written as raw
 * UTF-8, `content-type: application/json` (no charset, as RFC 8259 defines none) and an exact
 * `content-length`. `undefined` renders as `null`. A value that cannot be serialised (a
 * `BigInt`, a cycle) is a `TypeError` whose message names the path, such as `$.user.id`.
 *
 * @example
 * ```ts
 * import { JSONResponse } from 'response-kit'
 * export default { fetch: () => new JSONResponse({ ok: true }, { status: 201 }) }
 * ```
 * @see {@link https://github.com/response-kit/response-kit/blob/main/docs/guides/responses.md#jsonresponse | Responses guide}
 */
export class JSONResponse extends BaseResponse {
  static override mediaType: string | null = 'application/json'

  /** Serialises `content` with `JSON.stringify`; see the class for the rules. */
  static override render(content: unknown, init: JSONResponseInit): RenderedBody {
    return renderJSON(content, init.nonFinite)
  }

  /**
   * @param content - any JSON-serialisable value
   * @param init - status, headers, `nonFinite` and response-kit options
   */
  constructor(content?: unknown, init?: JSONResponseInit) {
    super(content, init)
  }
}
