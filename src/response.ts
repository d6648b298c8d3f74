/**
 * The shared base of every response-kit class (Starlette's `Response`): one constructor shape,
 * header rules in one place, cookies, background tasks, the raw-body slot and the `prepare`
 * hook.
 *
 * @module
 */
import { toTaskList } from './internal/core/report'
import { isBinary, isBlob, toUint8Array, utf8Length } from './internal/core/bytes'
import { bodyInitFor } from './internal/core/native-body'
import { serializeCookie, type CookieOptions } from './internal/core/cookies'
import { findHeader, toHeaderPairs, type HeaderPair } from './internal/core/headers'
import { typeName } from './internal/core/type-name'
import { installLazyAccessors, materialisedHeaders } from './internal/core/lazy-accessors'
import { contentTypeFor, isNullBodyStatus } from './internal/core/media-type'
import { LAZY } from './internal/core/mode'
import { getState, STATE, type ResponseState } from './internal/core/state'
import type { Body } from './internal/stream/body'

/**
 * A function run after the response body has been sent.
 *
 * @example
 * ```ts
 * import { JSONResponse, type BackgroundTask } from 'response-kit'
 * const audit: BackgroundTask = () => console.log('sent')
 * new JSONResponse({ ok: true }, { background: audit })
 * ```
 */
export type BackgroundTask = () => unknown

/**
 * Where errors from background tasks, mid-stream failures and writer failures are reported.
 *
 * @example
 * ```ts
 * import { StreamingResponse, type ErrorHandler } from 'response-kit'
 * const onError: ErrorHandler = (error, { phase }) => console.error(phase, error)
 * new StreamingResponse(['a'], { onError })
 * ```
 */
export type ErrorHandler = (error: unknown, context: ErrorContext) => void

/** Says where a reported error came from. */
export interface ErrorContext {
  /** `background` for a background task, `stream` for a body source, `adapter` for the writer. */
  phase: 'background' | 'stream' | 'adapter'
}

/** Options accepted by every response-kit constructor: `ResponseInit` plus a few of our own. */
export interface BaseResponseInit extends ResponseInit {
  /**
   * Media type for `content-type`; `text/*` types get `; charset=…` appended. `null` sends no
   * `content-type`. A `content-type` in `headers` wins over it.
   * @defaultValue the class's static `mediaType`
   */
  mediaType?: string | null
  /**
   * Charset label appended to `text/*` media types. Strings are always encoded as UTF-8, so
   * any other charset needs bytes as content (a `TypeError` otherwise).
   * @defaultValue `'utf-8'`
   */
  charset?: string
  /** A task, or tasks run in order, after the body has been sent. */
  background?: BackgroundTask | readonly BackgroundTask[]
  /**
   * Receives errors from background tasks and streaming sources.
   * @defaultValue `console.error`
   */
  onError?: ErrorHandler
}

/**
 * What a class's static `render` may return: text (sent as UTF-8), bytes, a `Blob` (handed to
 * the runtime as it is, so a runtime that sends blobs its own way, such as Bun with a file's
 * `Blob`, does; `content-length` is its size), a lazily built {@link StreamBody}, or `null` for
 * an empty body.
 *
 * @example
 * ```ts
 * import { BaseResponse, type RenderedBody } from 'response-kit'
 * class CSVResponse extends BaseResponse {
 *   static override mediaType = 'text/csv'
 *   static override render(content: unknown): RenderedBody {
 *     return new Blob([String(content)]) // content-length: the Blob's size
 *   }
 * }
 * ```
 */
export type RenderedBody = string | ArrayBuffer | ArrayBufferView | Blob | StreamBody | null

/**
 * A streaming body made by `streamBody()` (from `'response-kit'`): return it from a class's
 * static `render`. It is read once, by the Node writer or as `response.body`.
 */
export interface StreamBody {
  /** The body's options, of which only the label is public. */
  readonly options: {
    /** Name used in error messages about this body. */
    readonly label: string
  }
}

/**
 * The shape of a response class, as `defaultResponseClass`, the adapters' `defaultResponseClass`
 * option and `openapiResponse` take it: any `Response` subclass whose constructor is
 * `(content, init?)`, such as every response-kit class. It may define a static
 * `fromReturnValue(value, init)` to decide itself how a returned value becomes a response, and
 * a static `openapiSchema` to document its body.
 *
 * @example
 * ```ts
 * import { JSONResponse, type ResponseClassLike } from 'response-kit'
 * const Class: ResponseClassLike = JSONResponse
 * ```
 */
export interface ResponseClassLike {
  new (content: never, init?: never): Response
  /** Media type, read to tell JSON-like and event-stream classes apart. */
  readonly mediaType?: string | null
  /** Optional hook: builds the response for a returned value (instead of `new Class(value)`). */
  fromReturnValue?(value: unknown, init: BaseResponseInit): Response | Promise<Response>
  /** Optional: the JSON Schema `openapiResponse` documents (FastJSON classes have theirs). */
  readonly openapiSchema?: { readonly [keyword: string]: unknown } | undefined
}

/** The static side every response-kit class shares: what `new.target` offers the constructor. @internal */
export interface ResponseClass {
  /** Media type used when `init.mediaType` is not given; `null` for none. */
  readonly mediaType: string | null
  /** Status used when `init.status` is not given. */
  readonly defaultStatus: number
  /** Turns the constructor's content into a body. */
  render(content: unknown, init: BaseResponseInit): RenderedBody
  /** Throws when `status` is not allowed for this class. */
  checkStatus(status: number): void
}

/**
 * The base class of the family: a real `Response` (`instanceof Response` holds and every body
 * accessor behaves as on a native one) whose constructor is `(content, init?)`, like
 * Starlette's. It sets `content-length` to the byte length of fixed bodies (none for 204/304
 * or streams), adds `content-type` from `mediaType` (with `; charset=utf-8` for `text/*`), and
 * lets a caller's `content-type` or `content-length` win. Subclass it and override the static
 * `render` and `mediaType` to make your own class. Throws `RangeError` for a status outside
 * 200–599 and `TypeError` for CR, LF, NUL, another control character or a character above U+00FF in any header value,
 * media type or charset, for unknown content types, or for a body on a 204, 205 or 304 (a 205
 * still gets `content-length: 0`).
 *
 * @example
 * ```ts
 * import { BaseResponse } from 'response-kit'
 * class XMLResponse extends BaseResponse {
 *   static override mediaType = 'application/xml'
 *   static override render(content: unknown) {
 *     return `<?xml version="1.0"?><value>${String(content)}</value>`
 *   }
 * }
 * const res = new XMLResponse(42) // content-type: application/xml
 * ```
 * @see {@link https://github.com/response-kit/response-kit/blob/main/docs/guides/responses.md | Responses guide}
 */
export class BaseResponse extends Response {
  /** Media type of the class; `null` sends no `content-type` unless the caller gives one. */
  static mediaType: string | null = null
  /** Status used when `init.status` is absent. */
  static defaultStatus = 200

  // The slot (docs/architecture.md, "The raw body kept aside") in a private field, read
  // through the `Symbol.for` getter below: as cheap as a plain assignment, and unlike an own
  // symbol property, never copied by `Object.assign` or spread.
  #state: ResponseState

  /** The raw-body slot, by its `Symbol.for` key, so every copy of the library finds it. @internal */
  get [STATE](): ResponseState {
    return (#state in this ? this.#state : undefined) as ResponseState
  }

  /**
   * Renders `content` into a body. The base accepts `null`/`undefined` (empty body), a string
   * or bytes; anything else is a `TypeError`. Override it in a subclass.
   */
  static render(content: unknown, _init: BaseResponseInit): RenderedBody {
    if (content === null || content === undefined) return null
    if (typeof content === 'string' || isBinary(content)) return content
    throw new TypeError(`${this.name} content must be a string or bytes, got ${typeName(content)}`)
  }

  /** Throws `RangeError` unless `status` is an integer from 200 to 599. */
  static checkStatus(status: number): void {
    if (!Number.isInteger(status) || status < 200 || status > 599) {
      throw new RangeError(
        `${this.name} status must be an integer from 200 to 599, got ${String(status)}`
      )
    }
  }

  /**
   * @param content - what the class renders (see the static `render`)
   * @param init - status, headers and response-kit options
   */
  constructor(content?: unknown, init: BaseResponseInit = {}) {
    if (typeof init !== 'object' || init === null) throw new TypeError('init must be an object')
    const ctor = new.target as unknown as ResponseClass
    const status = init.status ?? ctor.defaultStatus
    const state = buildState(ctor, content, init, status)
    const base: ResponseInit = { status }
    if (init.statusText !== undefined) base.statusText = init.statusText
    if (LAZY) super(null, base)
    else {
      const body = bodyInitFor(state, status)
      base.headers = state.pairs!
      super(body, base)
      // Eager mode: the native object owns body and headers; the slot keeps no second copy (the
      // claimed stream body stays, for priming).
      state.pairs = null
      state.body = null
    }
    this.#state = state
  }

  /**
   * Returns the response to send for `request`. Here: `this`, once a streaming body has read
   * ahead its first chunk (not for HEAD), so a source that fails before producing anything
   * rejects while the response can still be an error response. `FileResponse` overrides it
   * (Range, conditional GET). The adapters call it for you; on native runtimes call it
   * yourself. Rejects with the source's error.
   */
  prepare(request: Request): Response | Promise<Response> {
    const body = this.#state.stream
    if (body === null || request.method === 'HEAD') return this
    const primed = body.prime()
    return primed === undefined ? this : primed.then(() => this)
  }

  /**
   * Adds a `set-cookie` line (one per call) and returns `this`. Throws `TypeError` for a name
   * with separators, or CR/LF/NUL or `;` in an attribute.
   */
  setCookie(name: string, value: string, options?: CookieOptions): this {
    appendHeader(this, 'set-cookie', serializeCookie(name, value, options))
    return this
  }

  /** Adds a `set-cookie` line that expires `name` at once (same path and domain rules). */
  deleteCookie(name: string, options: Omit<CookieOptions, 'maxAge' | 'expires'> = {}): this {
    const line = serializeCookie(name, '', { ...options, maxAge: 0, expires: new Date(0) })
    appendHeader(this, 'set-cookie', line)
    return this
  }
}

if (LAZY) installLazyAccessors(BaseResponse.prototype)

/** Appends a header without materialising `Headers` when it has not been read yet. */
function appendHeader(response: BaseResponse, name: string, value: string): void {
  const state = getState(response)
  if (state?.pairs) state.pairs.push([name, value])
  else if (state && LAZY) materialisedHeaders(state).append(name, value)
  else response.headers.append(name, value)
}

/** A streaming body from `streamBody()` or a streaming class (kept apart so fixed bodies need no stream code). */
function isBody(value: unknown): value is Body {
  return typeof (value as Partial<Body> | null)?.take === 'function'
}

/** Runs render and the header rules; everything the constructor needs before `super`. */
function buildState(
  ctor: ResponseClass,
  content: unknown,
  init: BaseResponseInit,
  status: number
): ResponseState {
  ctor.checkStatus(status)
  const nullBody = isNullBodyStatus(status)
  let rendered: RenderedBody = null
  // 205 forbids content too (RFC 9110 §15.3.6; native Response throws on it), but unlike
  // 204/304 it announces that with `content-length: 0`.
  if (!nullBody && status !== 205) rendered = ctor.render(content, init)
  else if (content != null) throw new TypeError(`A ${status} response must not have a body`)
  const pairs: HeaderPair[] = toHeaderPairs(init.headers)
  const charset = init.charset ?? 'utf-8'
  if (typeof charset !== 'string') throw new TypeError('init.charset must be a string')
  const mediaType = init.mediaType === undefined ? ctor.mediaType : init.mediaType
  if (mediaType !== null && findHeader(pairs, 'content-type') === undefined) {
    pairs.push(['content-type', contentTypeFor(mediaType, charset)])
  }
  let body: string | Uint8Array | Blob | null = null
  let stream: Body | null = null
  if (typeof rendered === 'string') {
    if (charset !== 'utf-8' && !/^utf-?8$/i.test(charset)) {
      throw new TypeError(`Strings are sent as UTF-8; pass bytes to send charset "${charset}"`)
    }
    body = rendered
  } else if (isBody(rendered)) stream = rendered
  else if (isBinary(rendered)) {
    // Native Response copies bytes at construction; lazy mode must too, or a caller mutating
    // its buffer afterwards would change what the body accessors and the Node writer send.
    // `new Uint8Array(view)`, not `slice()`: Buffer#slice shares memory.
    body = LAZY ? new Uint8Array(toUint8Array(rendered)) : toUint8Array(rendered)
  } else if (isBlob(rendered)) {
    // Immutable, so kept as it is (never read here): the runtime or the writer reads it.
    body = rendered
  } else if (rendered !== null) {
    // A custom render returned something else (a number, a plain object).
    throw new TypeError(`render must return a string, bytes, a Blob, streamBody() or null`)
  }
  if (stream === null && !nullBody && findHeader(pairs, 'content-length') === undefined) {
    pairs.push(['content-length', '' + fixedLength(body)])
  }
  return {
    pairs,
    headers: null,
    body,
    stream,
    inner: null,
    background: toTaskList(init.background),
    onError: init.onError,
  }
}

/** Byte length of a fixed body: UTF-8 for text, the size of a `Blob`. */
function fixedLength(body: string | Uint8Array | Blob | null): number {
  if (body === null) return 0
  if (typeof body === 'string') return utf8Length(body)
  return body instanceof Uint8Array ? body.byteLength : body.size
}
