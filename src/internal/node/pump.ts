/**
 * Moves a body from a pull source to a Node response (DESIGN rule 4): one chunk in flight,
 * `write()`'s return value and `'drain'` honoured, the source cancelled with a reason when the
 * client leaves (the returned promise caught: an unhandled rejection there killed servers,
 * node-server#248), and on a mid-stream error the socket destroyed so the client sees a broken
 * response rather than one that looks complete.
 *
 * @internal
 * @module
 */
import { report, type ErrorHandler } from '../core/report'
import { READ, type ChunkReader } from '../stream/readable'
import type { NodeResponse, Sink } from './types'

/** A pull source: a body iterator or a `ReadableStream` reader behind one shape. @internal */
export interface PullSource {
  next(): Promise<IteratorResult<unknown>>
  cancel(reason: Error): unknown
}

/** The error sources are cancelled with when the client goes away. @internal */
export function disconnectError(): Error {
  const error = new Error('The client closed the connection before the response ended')
  error.name = 'AbortError'
  return error
}

/** Cancels `source` once, swallowing both a synchronous throw and a rejected promise. @internal */
export function cancelSource(source: PullSource, reason: Error): void {
  try {
    const result = source.cancel(reason)
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      ;(result as Promise<unknown>).then(undefined, () => {})
    }
  } catch {
    // A throwing cancel has nothing left to clean up that we could reach.
  }
}

/** An async iterator as a pull source (our raw-body fast path); a class, so no closures. */
class IteratorSource implements PullSource {
  constructor(readonly iterator: AsyncIterator<unknown>) {}
  next(): Promise<IteratorResult<unknown>> {
    return this.iterator.next()
  }
  cancel(reason: Error): unknown {
    return this.iterator.return?.(reason)
  }
}

/** A `ReadableStream`'s reader as a pull source (any foreign body). */
class ReaderSource implements PullSource {
  constructor(private readonly reader: ReadableStreamDefaultReader<unknown>) {}
  next(): Promise<IteratorResult<unknown>> {
    return this.reader.read() as Promise<IteratorResult<unknown>>
  }
  cancel(reason: Error): unknown {
    return this.reader.cancel(reason)
  }
}

/** Wraps an async iterator (our raw-body fast path). @internal */
export function iteratorSource(iterator: AsyncIterator<unknown>): PullSource {
  return new IteratorSource(iterator)
}

/** Wraps a `ReadableStream` through its reader (any foreign body). @internal */
export function readerSource(stream: ReadableStream<unknown>): PullSource {
  return new ReaderSource(stream.getReader())
}

/** True once the response can take no more writes. */
function gone(res: NodeResponse): boolean {
  return res.destroyed || res.writableEnded
}

/** Waits for `'drain'`, or for `'close'` when the client leaves first. */
function drained(res: NodeResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done)
      res.off('close', done)
      resolve()
    }
    res.on('drain', done)
    res.on('close', done)
  })
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

/**
 * Pumps `source` into `res` and ends it. Resolves when done, when the client left (after
 * cancelling the source) or after a reported failure; never rejects. `onError: null` means the
 * source reports its own errors (response-kit bodies do, to the response's `onError`).
 * @internal
 */
export function pump(
  res: NodeResponse,
  source: PullSource,
  onError: ErrorHandler | undefined | null
): Promise<void> {
  const iterator = (source as Partial<IteratorSource>).iterator as Partial<Readable> | undefined
  if (iterator !== undefined && typeof iterator[READ] === 'function') {
    return new DirectPump(res, source, iterator as Readable).run()
  }
  return pumpAsync(res, source, onError)
}

/** A body that reads by callback: the iterators of `iterateSource`. */
interface Readable {
  [READ](reader: ChunkReader): Uint8Array | string | null | undefined
}

/**
 * The pump for our own bodies: no promise per chunk. Ready chunks are written in a loop; a
 * chunk that arrives later is written from the source's callback. The body reports its own
 * failures (to the response's `onError`) and closes itself on them.
 */
class DirectPump implements ChunkReader, PromiseLike<void> {
  private stopped = false
  private finish: (() => void) | undefined
  private promise: Promise<void> | undefined
  private drained: (() => void) | undefined
  private readonly flush: (() => void) | undefined

  constructor(
    private readonly res: NodeResponse,
    private readonly source: PullSource,
    private readonly body: Readable
  ) {
    this.flush = (res as { flush?: () => void }).flush
  }

  /** Starts pumping; the result settles when done (a promise made only if someone asks). */
  run(): Promise<void> {
    const res = this.res
    if (gone(res)) {
      this.stopped = true
      if (!res.writableEnded) cancelSource(this.source, disconnectError())
    } else {
      res.on('close', this.left)
      this.loop()
    }
    return this as unknown as Promise<void>
  }

  // Most callers (the listener) never wait: no promise, resolver and closure per open stream.
  then<A = void, B = never>(
    onDone?: ((value: void) => A | PromiseLike<A>) | null,
    onError?: ((reason: unknown) => B | PromiseLike<B>) | null
  ): Promise<A | B> {
    this.promise ??= this.stopped
      ? Promise.resolve()
      : new Promise<void>((resolve) => (this.finish = resolve))
    return this.promise.then(onDone, onError)
  }

  catch<B = never>(onError?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<void | B> {
    return this.then(undefined, onError)
  }

  finally(onFinally?: (() => void) | null): Promise<void> {
    return this.then().finally(onFinally)
  }

  chunk(value: Uint8Array | string): void {
    try {
      if (!this.write(value)) return
    } catch (error) {
      return this.crash(error)
    }
    this.loop()
  }

  end(): void {
    if (this.stopped) return
    this.stop()
    try {
      this.res.end()
    } catch (error) {
      breakResponse(this.res, error)
    }
  }

  fail(error: unknown): void {
    if (this.stopped) return
    this.stop()
    breakResponse(this.res, error)
  }

  private loop(): void {
    try {
      for (;;) {
        const out = this.body[READ](this)
        if (out === undefined) return
        if (out === null) return this.end()
        if (!this.write(out)) return
      }
    } catch (error) {
      this.crash(error)
    }
  }

  /** The socket side threw (a write or `flush`): close the source, break the response. */
  private crash(error: unknown): void {
    if (this.stopped) return
    this.stop()
    cancelSource(this.source, error instanceof Error ? error : new Error(String(error)))
    breakResponse(this.res, error)
  }

  /** Writes one chunk; true when the next may follow at once. */
  private write(chunk: Uint8Array | string): boolean {
    if (this.stopped) return false
    const res = this.res
    if (gone(res)) {
      this.stop()
      cancelSource(this.source, disconnectError())
      return false
    }
    const ok = (res as unknown as Sink).write(chunk)
    // compression() buffers until flush(); SSE and streams must go out chunk by chunk.
    if (this.flush !== undefined) this.flush.call(res)
    if (ok) return true
    res.once('drain', (this.drained ??= () => this.loop()))
    return false
  }

  private readonly left = (): void => {
    if (this.stopped || this.res.writableEnded) return
    this.stop()
    cancelSource(this.source, disconnectError())
  }

  private stop(): void {
    this.stopped = true
    this.res.off('close', this.left)
    if (this.drained !== undefined) this.res.off('drain', this.drained)
    this.finish?.()
  }
}

/** The generic pump: one awaited `next()` per chunk (foreign bodies, other iterators). */
async function pumpAsync(
  res: NodeResponse,
  source: PullSource,
  onError: ErrorHandler | undefined | null
): Promise<void> {
  let left = false
  const onClose = (): void => {
    if (res.writableEnded) return
    left = true
    cancelSource(source, disconnectError())
  }
  res.on('close', onClose)
  const flush = (res as { flush?: () => void }).flush
  try {
    if (gone(res)) return onClose()
    for (;;) {
      const result = await source.next()
      if (left) return
      if (gone(res)) return cancelSource(source, disconnectError())
      if (result.done) break
      const chunk = result.value
      if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array)) {
        throw new TypeError(`Body chunks must be Uint8Array or string, got ${typeof chunk}`)
      }
      // compression() buffers until flush(); SSE and streams must go out chunk by chunk.
      const ok = (res as unknown as Sink).write(chunk)
      if (typeof flush === 'function') flush.call(res)
      if (!ok) await drained(res)
      if (left) return
    }
    res.end()
  } catch (error) {
    if (left) return
    cancelSource(source, error instanceof Error ? error : new Error(String(error)))
    if (onError !== null) report(onError, error, { phase: 'stream' })
    breakResponse(res, error)
  } finally {
    res.off('close', onClose)
  }
}
