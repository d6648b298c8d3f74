/**
 * The bookkeeping one response's lifecycle reports, shared by the Node writer's
 * `diagnostics_channel` trace and the Hono adapter's `onLifecycle` callback (docs/architecture.md,
 * "Close reasons"): status, bytes and chunks, the first byte, and one end with its reason. How an
 * event goes out is the subclass's. Edge-safe.
 *
 * @internal
 * @module
 */
import type { CloseReason } from '../stream/body'

/** The events of a response's lifecycle, in order: `start`, `head`, `first-byte`, `error`, `end`. @internal */
export type LifecycleType = 'start' | 'head' | 'first-byte' | 'end' | 'error'

/** Counts one response from start to end; `emit` sends each event. @internal */
export abstract class ResponseTally {
  readonly startTime = performance.now()
  status = 0
  /** When the first body chunk went out (or was read by the runtime). */
  firstByteTime: number | undefined
  bytes = 0
  chunks = 0
  duration: number | undefined
  reason: CloseReason | undefined
  error: unknown

  protected abstract emit(type: LifecycleType): void

  /** Status and headers are out. */
  head(status: number): void {
    this.status = status
    this.emit('head')
  }

  /** The body failed; `end` follows. */
  fail(error: unknown): void {
    this.error = error
    this.emit('error')
  }

  /** A body chunk of `byteLength` bytes went out; the first one is an event. */
  protected counted(byteLength: number): void {
    this.bytes += byteLength
    this.chunks++
    if (this.firstByteTime === undefined) {
      this.firstByteTime = performance.now()
      this.emit('first-byte')
    }
  }

  /** The response ended, once: later calls are ignored. */
  protected ended(reason: CloseReason): void {
    if (this.reason !== undefined) return
    this.reason = reason
    this.duration = performance.now() - this.startTime
    this.emit('end')
  }
}
