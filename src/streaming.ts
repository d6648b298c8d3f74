import { report, type ErrorHandler } from './internal/core/report'
import {
  assertStreamSource,
  iterableStream,
  iterateSource,
  type IterateOptions,
  type StreamSource,
} from './internal/stream/readable'
import { primeSource } from './internal/stream/prime'
import { BaseResponse, streamBody, type BaseResponseInit, type RenderedBody } from './response'

export type { StreamSource } from './internal/stream/readable'

/** Options of {@link StreamingResponse} (and of the SSE and NDJSON classes built on it). */
export interface StreamingResponseInit extends BaseResponseInit {
  /**
   * Called exactly once when the body is done: the source ended, failed, or the reader (the
   * client) left. Errors it throws go to `onError`.
   */
  onClose?: () => void
  /**
   * How many chunks the body stream may pull ahead of its reader. The source is never
   * advanced further than this ahead of what has been read.
   * @defaultValue 1
   */
  highWaterMark?: number
  /**
   * Closes the source when aborted, as if the client had cancelled the body. Pass
   * `request.signal`: some runtimes (Bun, workerd) do not always cancel the body of a
   * response whose client left, but do abort the request's signal.
   * @defaultValue none
   */
  signal?: AbortSignal
}

/**
 * The options of one streaming body as a single object (methods, not closures), so that an
 * open stream keeps neither `init` nor per-stream functions alive. Subclasses add `map` and
 * the keep-alive. @internal
 */
export class BodyOptions implements IterateOptions {
  declare onClose: (() => void) | undefined
  declare signal: AbortSignal | undefined
  declare handler: ErrorHandler | undefined
  declare readonly label: string

  constructor(label: string) {
    this.label = label
  }

  onError(error: unknown): void {
    report(this.handler, error, { phase: 'stream' })
  }
}

/**
 * Builds the lazy body of a streaming class: both the `ReadableStream` and the Node writer's
 * iterator come from the one stream function, and only one of them may be taken, once.
 * @internal
 */
export function streamingBody(
  source: StreamSource,
  init: StreamingResponseInit,
  options: BodyOptions
): RenderedBody {
  const highWaterMark = init.highWaterMark ?? 1
  if (!Number.isInteger(highWaterMark) || highWaterMark < 0) {
    throw new RangeError(`highWaterMark must be a non-negative integer, got ${highWaterMark}`)
  }
  if (init.onClose !== undefined && typeof init.onClose !== 'function') {
    throw new TypeError('init.onClose must be a function')
  }
  options.onClose = init.onClose
  options.signal = init.signal
  let taken = false
  // The Node writer passes the adapter's onError: it takes over when the response has none.
  const take = (handler?: ErrorHandler): BodyOptions => {
    if (taken) throw new TypeError(`${options.label} body has already been used`)
    taken = true
    options.handler = init.onError ?? handler
    return options
  }
  return streamBody(
    () => iterableStream(source, take(), highWaterMark),
    (handler) => iterateSource(source, take(handler))
  )
}

/**
 * A `Response` whose body is streamed from a source as it produces: sync or async iterables
 * and generators, a function returning one, a `ReadableStream`, a Node `Readable`, a string or
 * bytes. Chunks may be strings (sent as UTF-8) or bytes; any other chunk errors the stream
 * with a `TypeError` naming its type. The body is pull-based: the source advances only when
 * the client reads, and when the client leaves, the generator's `finally` runs (its
 * `return()` is called; a `Readable` is destroyed, a `ReadableStream` cancelled). An error
 * thrown by the source errors the body (adapters break the connection, never end it cleanly)
 * and is reported to `onError`. No `content-type` unless `mediaType` is given; no
 * `content-length` unless you set one. Throws `TypeError` for a source of any other kind.
 *
 * @example
 * ```ts
 * import { StreamingResponse } from 'response-kit'
 * async function* tokens() {
 *   for (const word of ['Hello', ', ', 'world']) yield word
 * }
 * export default {
 *   fetch: () => new StreamingResponse(tokens(), { mediaType: 'text/plain' }),
 * }
 * ```
 * @see {@link https://github.com/response-kit/response-kit/blob/main/docs/guides/streaming.md | Streaming guide}
 */
export class StreamingResponse extends BaseResponse {
  static override mediaType: string | null = null

  /** Validates the source and wraps it in a lazily built, pull-based body. */
  static override render(content: unknown, init: StreamingResponseInit): RenderedBody {
    assertStreamSource(content, this.name)
    return streamingBody(content, init, new BodyOptions(this.name))
  }

  /**
   * Waits for the source's first chunk, then builds the response: a source that throws
   * before its first chunk rejects here, so your framework can still answer 500 (h3 does
   * the same). The first chunk is sent first, then the rest as usual. If the response cannot
   * be built (a bad header or option), the opened source is closed (its cleanup and `onClose`
   * run once) and the error is thrown.
   *
   * @example
   * ```ts
   * import { StreamingResponse } from 'response-kit'
   * async function* report() {
   *   yield 'line 1\n'
   * }
   * const res = await StreamingResponse.primed(report(), { mediaType: 'text/plain' })
   * ```
   */
  static async primed<T extends StreamingResponse>(
    this: new (source: StreamSource, init?: StreamingResponseInit) => T,
    source: StreamSource,
    init?: StreamingResponseInit
  ): Promise<T> {
    assertStreamSource(source, this.name)
    const primed = await primeSource(source, this.name)
    try {
      return new this(primed, init)
    } catch (error) {
      // Nothing will read the opened source: close it (its cleanup and onClose run once).
      void iterateSource(primed, { onClose: init?.onClose }).return(error)
      throw error
    }
  }

  /**
   * @param content - the source of the body
   * @param init - status, headers, `mediaType`, `onClose`, `highWaterMark` and `onError`
   */
  constructor(content: StreamSource, init?: StreamingResponseInit) {
    super(content, init)
  }
}
