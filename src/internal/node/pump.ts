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
import type { Body, ChunkReader } from '../stream/body'
import type { NodeResponse } from './types'

/** The write side both Node response kinds share, as one callable shape. */
interface Sink {
  write(chunk: string | Uint8Array, callback?: () => void): boolean
}

/** The error a body is closed with when the client goes away. @internal */
export function disconnectError(): Error {
  const error = new Error('The client closed the connection before the response ended')
  error.name = 'AbortError'
  return error
}

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
export class Pump implements ChunkReader {
  private stopped = false
  private drained: (() => void) | undefined
  private readonly flush: (() => void) | undefined
  /** The body's `release`, and the chunks written but not yet done, oldest first. */
  private readonly release: ((chunk: Uint8Array) => void) | undefined
  private written: Uint8Array[] | undefined

  constructor(
    private readonly res: NodeResponse,
    private readonly body: Body,
    private readonly done: (() => void) | undefined
  ) {
    // compression() buffers until flush(); streams must go out chunk by chunk.
    this.flush = (res as { flush?: () => void }).flush
    this.release = body.options.release
  }

  /** A write completed: its chunk's memory may be reused by the source. */
  private readonly writeDone = (): void => {
    const chunk = this.written!.shift()
    if (chunk !== undefined) this.release!(chunk)
  }

  /** Starts pumping. */
  start(): void {
    if (gone(this.res)) {
      this.stop()
      if (!this.res.writableEnded) this.body.close('disconnect', disconnectError())
      return
    }
    this.res.on('close', this.left)
    this.loop()
  }

  /** A chunk that was not ready has arrived. */
  chunk(value: Uint8Array | string): void {
    if (this.write(value)) this.loop()
  }

  /** The body ended: end the response. */
  end(): void {
    if (this.stopped) return
    this.stop()
    try {
      this.res.end()
    } catch (error) {
      breakResponse(this.res, error)
    }
  }

  /** The body failed (and reported it): break the response. */
  fail(error: unknown): void {
    if (this.stopped) return
    this.stop()
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
    } catch (error) {
      // The socket side threw: let the body go and break the response.
      this.stop()
      this.body.close('error', error)
      breakResponse(res, error)
      return false
    }
    if (ok) return true
    res.once('drain', (this.drained ??= () => this.loop()))
    return false
  }

  /** The client left before the end. */
  private readonly left = (): void => {
    if (this.stopped || this.res.writableEnded) return
    this.stop()
    this.body.close('disconnect', disconnectError())
  }

  private stop(): void {
    this.stopped = true
    this.res.off('close', this.left)
    if (this.drained !== undefined) this.res.off('drain', this.drained)
    this.done?.()
  }
}
