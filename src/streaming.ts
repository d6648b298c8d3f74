import { Body, type BodyOptions, type CloseReason } from './internal/stream/body'
import { primeSource } from './internal/stream/prime'
import { assertStreamSource, type StreamSource } from './internal/stream/source'
import type { ErrorHandler } from './response'
import { BaseResponse, type BaseResponseInit, type RenderedBody, type StreamBody } from './response'

export type { StreamSource } from './internal/stream/source'
export type { CloseReason } from './internal/stream/body'

/** Options of {@link streamBody}. */
export interface StreamBodyOptions {
  /**
   * Name used in error messages.
   * @defaultValue `'stream'`
   */
  label?: string
  /**
   * Chunks the `ReadableStream` form may pull ahead of its reader.
   * @defaultValue 1
   */
  highWaterMark?: number
  /** Called once when the body ends, fails or is let go, with the reason. */
  onClose?: (reason: CloseReason, error?: unknown) => void
  /**
   * Receives errors the source throws mid-stream.
   * @defaultValue the adapter's `onError`, else `console.error`
   */
  onError?: ErrorHandler
}

/**
 * Wraps a source (an iterable, generator, `ReadableStream`, `Readable`, or a function returning
 * one, called when the body is first read) as the streaming body of a custom class's static
 * `render`. Chunks must be strings (sent as UTF-8) or bytes. Throws `TypeError` for a source of
 * any other kind.
 *
 * @example
 * ```ts
 * import { BaseResponse, streamBody } from 'response-kit'
 * class ClockResponse extends BaseResponse {
 *   static override mediaType = 'text/plain'
 *   static override render() {
 *     return streamBody(() => new Response(new Date().toISOString()).body!)
 *   }
 * }
 * ```
 */
export function streamBody(source: StreamSource, options: StreamBodyOptions = {}): StreamBody {
  const label = options.label ?? 'stream'
  assertStreamSource(source, label)
  return new Body(source, { ...options, label })
}

/** Options of {@link StreamingResponse} (and of the SSE and NDJSON classes built on it). */
export interface StreamingResponseInit extends BaseResponseInit {
  /**
   * Called exactly once when the body is done, with the reason: `'end'` (the source
   * finished), `'disconnect'` (the client left, or `signal` aborted), `'error'` (the source or
   * its encoding failed; the error is the second argument), `'cancel'` (a consumer cancelled
   * `response.body`), `'timeout'` or `'shutdown'`. Errors it throws go to `onError`.
   */
  onClose?: (reason: CloseReason, error?: unknown) => void
  /**
   * How many chunks the body stream may pull ahead of its reader. The source is never
   * advanced further than this ahead of what has been read.
   * @defaultValue 1
   */
  highWaterMark?: number
  /**
   * Closes the source when aborted, as if the client had left. Pass `request.signal`: some
   * runtimes (Bun, workerd) do not always cancel the body of a response whose client left,
   * but do abort the request's signal.
   * @defaultValue none
   */
  signal?: AbortSignal
  /**
   * Node writer only (`response-kit/node`, `response-kit/express`): milliseconds a client may
   * accept no bytes while the response's buffer is full before the stream is closed with
   * reason `'timeout'` (the producer's `finally` runs) and the socket destroyed. `0` turns it
   * off. Node cannot see bytes the peer has not acknowledged: a peer that vanished is found
   * once the kernel's and Node's buffers are full, which a producing stream reaches quickly
   * and a stream of tiny pings slowly. Throws `RangeError` for a negative or non-finite
   * number. Ignored on native runtimes, where the runtime owns the socket.
   * @defaultValue the adapter's `stallTimeout` (off); `30000` for `SSEResponse`
   * @example
   * ```ts
   * import { StreamingResponse } from 'response-kit'
   * async function* rows() {
   *   yield 'a\n'
   * }
   * new StreamingResponse(rows(), { stallTimeout: 10_000 })
   * ```
   */
  stallTimeout?: number
}

/** Checks a stall timeout in milliseconds (`undefined` passes). @internal */
export function checkStallTimeout(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${field} must be a non-negative number of ms, got ${String(value)}`)
  }
  return value
}

/**
 * The options of one streaming body as a single object (methods, not closures), so that an
 * open stream keeps neither `init` nor per-stream functions alive. Subclasses add `map` and
 * the keep-alive. @internal
 */
export class StreamOptions implements BodyOptions {
  declare onClose: ((reason: CloseReason, error?: unknown) => void) | undefined
  declare signal: AbortSignal | undefined
  declare onError: ErrorHandler | undefined
  declare highWaterMark: number
  declare stallTimeout: number | undefined
  declare readonly label: string

  constructor(label: string) {
    this.label = label
  }
}

/** Builds the body of a streaming class from `init`'s options. @internal */
export function streamingBody(
  source: StreamSource,
  init: StreamingResponseInit,
  options: StreamOptions
): Body {
  const highWaterMark = init.highWaterMark ?? 1
  if (!Number.isInteger(highWaterMark) || highWaterMark < 0) {
    throw new RangeError(`highWaterMark must be a non-negative integer, got ${highWaterMark}`)
  }
  if (init.onClose !== undefined && typeof init.onClose !== 'function') {
    throw new TypeError('init.onClose must be a function')
  }
  options.onClose = init.onClose
  options.signal = init.signal
  options.onError = init.onError
  options.highWaterMark = highWaterMark
  const stall = checkStallTimeout(init.stallTimeout, 'init.stallTimeout')
  if (stall !== undefined) options.stallTimeout = stall
  return new Body(source, options)
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
    return streamingBody(content, init, new StreamOptions(this.name))
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
      new Body(primed, { label: this.name, onClose: init?.onClose }).close('error', error)
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
