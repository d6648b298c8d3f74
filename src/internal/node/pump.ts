/**
 * The pump: moves a `Body` into a Node response (docs/architecture.md, "The data path"). One
 * chunk in flight; `write()`'s return value and `'drain'` honoured; no promise per chunk (a
 * chunk the body has ready is written in a loop, one that arrives later from the body's
 * callback). When the client leaves, the body is closed with reason `disconnect`; when the body
 * fails, the socket is destroyed so the client sees a broken response rather than one that
 * looks complete.
 *
 * @internal
 * @module
 */
import type { Body, ChunkReader, CloseReason } from '../stream/body'
import { report } from '../core/report'
import type { ErrorHandler } from '../../response'
import { StreamClosedError } from '../../stream-closed-error'
import type { Trace } from './diagnostics'
import { registry, setFor, type Cuttable, type StreamSet } from './shutdown'
import type { NodeResponse } from './types'

/** The write side both Node response kinds share, as one callable shape. */
interface Sink {
  write(chunk: string | Uint8Array, callback?: () => void): boolean
}

/** The error a body is closed with when the client goes away. @internal */
export function disconnectError(): Error {
  return new StreamClosedError('disconnect')
}

/** Where a response that the writer stopped early keeps why, for `request.signal`. */
const CLOSED = Symbol('response-kit.closed')

/**
 * Records why the writer stopped `res` early, so the lazy request's `signal` aborts with the
 * same reason `onClose` got (docs/architecture.md, "Close reasons"). Only on the early-stop
 * paths; a response that ends cleanly never gets it. @internal
 */
export function markClosed(res: NodeResponse, reason: CloseReason, cause?: unknown): Error {
  const error =
    cause instanceof StreamClosedError && cause.reason === reason
      ? cause
      : new StreamClosedError(reason, undefined, cause === undefined ? undefined : { cause })
  ;(res as unknown as Record<symbol, Error>)[CLOSED] = error
  return error
}

/** Why the writer stopped `res` early, if it did. @internal */
export function closedWith(res: NodeResponse): Error | undefined {
  return (res as unknown as Record<symbol, Error | undefined>)[CLOSED]
}

/** What the writer was told about slow clients (docs/architecture.md, "One writer for Node"). @internal */
export interface PumpLimits {
  /**
   * Bytes the response may hold unsent before the pump stops pulling from the body; Node's
   * own `write()` signal (16 KiB) is used below it.
   */
  highWaterMark?: number | undefined
  /** Milliseconds a full response may go without `'drain'` before it is cut; 0 = never. */
  stallTimeout?: number | undefined
}

/**
 * The pump's byte high-water mark unless one is given: none of its own, so the pump waits when
 * Node's `write()` says its buffer (`writableHighWaterMark`) is full. Allowing more lets small
 * chunks pile up into large `writev` calls that cost CPU per event. @internal
 */
export const DEFAULT_HIGH_WATER_MARK = 0

/** Ends the response after a failure: destroys it, so the client sees a broken body. @internal */
export function breakResponse(res: NodeResponse, error: unknown): void {
  // HTTP/2 needs the error to send RST_STREAM with INTERNAL_ERROR rather than a clean close.
  if ('stream' in res)
    return void res.destroy(error instanceof Error ? error : new Error(String(error)))
  // Node corks the socket for the current tick: destroying now would drop the head and the
  // chunks already written, and the client would see no response at all instead of a cut one.
  setImmediate(() => res.destroy())
}

/** True once the response can take no more writes. */
function gone(res: NodeResponse): boolean {
  return res.destroyed || res.writableEnded
}

/**
 * One body on its way to one response. `done` is called once, when the body has been sent,
 * the client left or the response was broken. @internal
 */
export class Pump implements ChunkReader, Cuttable {
  private stopped = false
  /** The tracked server's open streams, when `trackStreams` covers this one. */
  private streams: StreamSet | undefined
  private drained: (() => void) | undefined
  private readonly flush: (() => void) | undefined
  /** The body's `release`, and the chunks written but not yet done, oldest first. */
  private readonly release: ((chunk: Uint8Array) => void) | undefined
  private written: Uint8Array[] | undefined
  private readonly highWaterMark: number
  private readonly stallTimeout: number
  /** The stall timer, armed only while a full response waits for `'drain'`. */
  private timer: ReturnType<typeof setTimeout> | undefined
  private stalled: (() => void) | undefined

  constructor(
    private readonly res: NodeResponse,
    private readonly body: Body,
    private readonly done: (() => void) | undefined,
    limits?: PumpLimits,
    private readonly trace?: Trace,
    /** Where a write or end that Node refused goes (a body longer or shorter than its length). */
    private readonly onError?: ErrorHandler
  ) {
    // compression() buffers until flush(); streams must go out chunk by chunk.
    this.flush = (res as { flush?: () => void }).flush
    this.highWaterMark = limits?.highWaterMark ?? DEFAULT_HIGH_WATER_MARK
    // The body's own timeout (an SSE default, a response option) wins over the adapter's.
    this.stallTimeout = body.options.stallTimeout ?? limits?.stallTimeout ?? 0
    this.release = body.options.release
  }

  /** A write completed: its chunk's memory may be reused by the source. */
  private readonly writeDone = (): void => {
    const chunk = this.written!.shift()
    if (chunk !== undefined) this.release!(chunk)
  }

  /** The server is shutting down: SSE ends cleanly after a `retry:` hint, others break. @internal */
  shutdown(retry: number): void {
    this.cut('shutdown', this.body.options.retryLine?.(retry))
  }

  /**
   * Ends the stream early on the server's side (shutdown): closes the body with `reason`,
   * then either ends the response cleanly after `last` (an SSE `retry:` hint) or breaks it.
   * @internal
   */
  cut(reason: CloseReason, last?: string): void {
    if (this.stopped) return
    this.stop(reason)
    const error = markClosed(this.res, reason)
    this.body.close(reason, error)
    if (last === undefined) return breakResponse(this.res, error)
    try {
      // The server is going away: close an HTTP/1 connection once the last bytes are out,
      // rather than keep it alive for requests this server will not take.
      const res = this.res
      // Captured now: Node detaches the socket from the response once it has finished.
      const socket = 'stream' in res ? undefined : res.socket
      res.end(last, socket == null ? undefined : () => socket.end())
    } catch (failure) {
      breakResponse(this.res, failure)
    }
  }

  /** Starts pumping. */
  start(): void {
    if (gone(this.res)) {
      this.stop('disconnect')
      if (!this.res.writableEnded) this.body.close('disconnect', disconnectError())
      return
    }
    this.res.on('close', this.left)
    if (registry.tracking) {
      this.streams = setFor(this.res)
      this.streams?.add(this)
    }
    this.loop()
  }

  /** A chunk that was not ready has arrived. */
  chunk(value: Uint8Array | string): void {
    if (this.write(value)) this.loop()
  }

  /** The body ended: end the response. */
  end(): void {
    if (this.stopped) return
    this.stop('end')
    try {
      this.res.end()
    } catch (error) {
      // Node refuses to end a body shorter than its content-length (the writer made it strict).
      report(this.onError, error, { phase: 'stream' })
      breakResponse(this.res, error)
    }
  }

  /** The body failed (and reported it): break the response. */
  fail(error: unknown): void {
    if (this.stopped) return
    this.stop('error', error)
    markClosed(this.res, 'error', error)
    breakResponse(this.res, error)
  }

  private loop(): void {
    for (;;) {
      const out = this.body.read(this)
      if (out === undefined) return
      if (out === null) return this.end()
      if (!this.write(out)) return
    }
  }

  /** Writes one chunk; true when the next may follow at once. */
  private write(chunk: Uint8Array | string): boolean {
    if (this.stopped) return false
    const res = this.res
    if (gone(res)) {
      this.left()
      return false
    }
    let ok: boolean
    try {
      if (this.release !== undefined && typeof chunk !== 'string') {
        // In order: Node calls write callbacks in the order of the writes.
        ;(this.written ??= []).push(chunk)
        ok = (res as unknown as Sink).write(chunk, this.writeDone)
      } else ok = (res as unknown as Sink).write(chunk)
      this.flush?.call(res)
      if (this.trace !== undefined) this.trace.chunk(chunk)
    } catch (error) {
      // Node refused the write (a body longer than its content-length, a chunk of a wrong
      // type): report it, let the body go and break the response.
      report(this.onError, error, { phase: 'stream' })
      this.stop('error', error)
      markClosed(res, 'error', error)
      this.body.close('error', error)
      breakResponse(res, error)
      return false
    }
    // Below the byte high-water mark the next chunk may follow even though Node's own
    // (smaller) buffer is full; an HTTP/2 response has no `writableLength` and keeps Node's.
    if (ok || res.writableLength < this.highWaterMark) return true
    res.once('drain', (this.drained ??= () => this.resume()))
    if (this.stallTimeout > 0 && this.timer === undefined) {
      this.timer = setTimeout((this.stalled ??= () => this.timeout()), this.stallTimeout)
    }
    return false
  }

  /** `'drain'`: the client took the bytes; the stall clock stops. */
  private resume(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    this.loop()
  }

  /**
   * No `'drain'` within the stall timeout: the client is gone or too slow. The body closes
   * with `timeout` (the producer's `finally` runs) and the socket is destroyed.
   */
  private timeout(): void {
    this.timer = undefined
    if (this.stopped) return
    this.stop('timeout')
    const error = markClosed(this.res, 'timeout')
    this.body.close('timeout', error)
    this.res.destroy()
  }

  /** The client left before the end. */
  private readonly left = (): void => {
    if (this.stopped || this.res.writableEnded) return
    this.stop('disconnect')
    this.body.close('disconnect', disconnectError())
  }

  private stop(reason: CloseReason, error?: unknown): void {
    this.stopped = true
    if (this.trace !== undefined) {
      if (reason === 'error') this.trace.fail(error)
      this.trace.finish(reason)
    }
    this.res.off('close', this.left)
    if (this.drained !== undefined) this.res.off('drain', this.drained)
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    this.streams?.delete(this)
    this.done?.()
  }
}
