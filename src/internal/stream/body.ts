/**
 * The body: the one object between a source and whoever sends it (docs/architecture.md, "The
 * data path"). It opens the source on the first read, turns items into byte chunks, sends an
 * optional prefix and keep-alive, and closes exactly once with a reason. It is read one of two
 * ways, never both: by callback (`read`, the Node writer: no promise per chunk) or as a
 * pull-based `ReadableStream` (`stream()`, every other consumer). Either way the source
 * advances only when asked (backpressure by construction), and when the reader leaves the
 * source is let go: a generator's `finally` runs, a `Readable` is destroyed, a
 * `ReadableStream` is cancelled.
 *
 * A chunk the source has ready (a sync source, the prefix) is returned at once; an async one is
 * handed to the waiting reader from one `then` on the source's own promise. The keep-alive is
 * one timer per body, armed only while a reader waits, never per chunk.
 *
 * Iterables are always wrapped in our own `ReadableStream`: Bun once appended an async
 * generator's return value to the body when handed the iterable directly (bun#40216).
 *
 * @internal
 * @module
 */
import { isBinary, toUint8Array, utf8Encode } from '../core/bytes'
import { report } from '../core/report'
import type { ErrorHandler } from '../../response'
import { typeName } from '../core/type-name'
import { StreamClosedError } from '../../stream-closed-error'
import { openSource, type OpenSource, type StreamSource } from './source'

/**
 * Why a body ended: its source finished (`end`), the client went away (`disconnect`), the
 * source or the encoding failed (`error`), a consumer cancelled the stream (`cancel`), a write
 * stalled past its timeout (`timeout`), or the server is shutting down (`shutdown`).
 */
export type CloseReason = 'end' | 'disconnect' | 'error' | 'cancel' | 'timeout' | 'shutdown'

/** What a body does besides passing chunks through; one object per body, methods not closures. @internal */
export interface BodyOptions {
  /** Name used in error messages. */
  readonly label: string
  /**
   * Turns each source item into bytes or text; `null` skips the item. Default: strings and
   * bytes pass, anything else is a `TypeError` naming the type.
   */
  map?(item: unknown): Uint8Array | string | null
  /** Sent before the first item (SSE's `retry:` line). */
  prefix?: Uint8Array | string | undefined
  /** Sent whenever the source has been silent for `ms` milliseconds while someone waits. */
  heartbeat?: { ms: number; chunk(): Uint8Array | string } | undefined
  /** The response's own error handler; wins over the one the reader brings. */
  onError?: ErrorHandler | undefined
  /** Called exactly once when the body ends, fails or is let go, with the reason. */
  onClose?: ((reason: CloseReason, error?: unknown) => void) | undefined
  /**
   * Closes the body when aborted, as a disconnect, and fails reads with the abort reason (not
   * reported: the reader left).
   */
  signal?: AbortSignal | undefined
  /** Chunks the `ReadableStream` form may pull ahead of its reader. */
  highWaterMark?: number | undefined
  /**
   * Called by the Node writer with each byte chunk once its write has completed, in order, so
   * the source may reuse the chunk's memory (file reads). Never called for the
   * `ReadableStream` form, whose reader may keep every chunk.
   */
  release?: ((chunk: Uint8Array) => void) | undefined
  /**
   * Milliseconds the Node writer lets a full response wait for `'drain'` before it closes
   * the body with `timeout` (docs/architecture.md, "Close reasons"); 0 = never, undefined =
   * the adapter's.
   */
  stallTimeout?: number | undefined
  /**
   * The last chunk to send when the source fails (SSE's `errorEvent`): the body then ends
   * cleanly after it instead of failing, so the client can tell the failure from a dropped
   * connection. The close reason stays `error` and the error is still reported.
   */
  lastChunk?(error: unknown): Uint8Array | string | undefined
  /** SSE only: the `retry:` line a stream cut by a shutdown ends with, so clients come back. */
  retryLine?(ms: number): string
}

/**
 * Who waits on a read that was not ready: told once, later, how it went. A chunk is never
 * empty. @internal
 */
export interface ChunkReader {
  chunk(value: string | Uint8Array): void
  end(): void
  fail(error: unknown): void
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined }

/** A pull that threw while nobody waited: thrown at the next read. */
class Failure {
  constructor(readonly error: unknown) {}
}

/** The reader `next()` uses: settles one promise. */
class PromiseReader implements ChunkReader {
  constructor(
    private readonly resolve: (result: IteratorResult<Uint8Array, undefined>) => void,
    private readonly reject: (error: unknown) => void
  ) {}
  chunk(value: string | Uint8Array): void {
    this.resolve({ done: false, value: typeof value === 'string' ? utf8Encode(value) : value })
  }
  end(): void {
    this.resolve(DONE)
  }
  fail(error: unknown): void {
    this.reject(error)
  }
}

/** The reader `prime()` uses: keeps the first chunk for the first real read. */
class KeepReader implements ChunkReader {
  constructor(private readonly body: Body) {}
  chunk(value: string | Uint8Array): void {
    this.body.keep(value)
  }
  // How the read ended is told to the waiters by the body itself.
  end(): void {}
  fail(): void {}
}

/** Who waits for the first chunk (`prime()`). */
interface FirstWaiter {
  resolve(): void
  reject(error: unknown): void
}

/** A streaming body: the object a streaming class renders and a writer reads. @internal */
export class Body implements AsyncIterableIterator<Uint8Array> {
  // Declared only: each is created on first use (undefined reads as "not yet").
  declare private open: OpenSource | undefined
  declare private closed: boolean | undefined
  /** Why the body closed, once it has. */
  declare private reason: CloseReason | undefined
  declare private taken: boolean | undefined
  /** The signal aborted: reads fail with its reason, never end cleanly. */
  declare private aborted: boolean | undefined
  /** Errors are not reported while priming: whoever primes turns them into a response. */
  declare private priming: boolean | undefined
  /** Waiting for the source's first chunk (or its end, or its failure). */
  declare private waiters: FirstWaiter[] | undefined
  /** The source's first chunk (or end, or failure) has happened. */
  declare private first: boolean | undefined
  /** A source pull is under way (its result goes to `arrive`). */
  declare private pulling: boolean | undefined
  /** A pull that settled while nobody waited (after a keep-alive). */
  declare private ready: IteratorResult<unknown> | Failure | undefined
  /** The first chunk, read ahead by `prime()`. */
  declare private kept: Uint8Array | string | undefined
  declare private waiting: ChunkReader | undefined
  declare private timer: ReturnType<typeof setTimeout> | undefined
  declare private prefix: Uint8Array | string | undefined
  /** Where errors go when the options have no handler: the reader's (an adapter's). */
  declare private fallback: ErrorHandler | undefined
  /** A wrapping body reads this one and reports the failures it is handed (`passErrorsOn`). */
  declare private passing: boolean | undefined
  declare private last: number
  declare private readonly source: StreamSource
  declare readonly options: BodyOptions

  constructor(source: StreamSource, options: BodyOptions) {
    this.source = source
    this.options = options
    this.last = 0
    this.prefix = options.prefix
    if (options.heartbeat !== undefined && options.heartbeat.ms > 0) this.last = Date.now()
    const { signal } = options
    if (signal?.aborted) this.handleEvent()
    else signal?.addEventListener('abort', this, { once: true })
  }

  /**
   * Claims the body for one reader; a second claim is a `TypeError`, as reading a used native
   * body is. `onError` is where failures go when the response has no handler of its own.
   */
  take(onError?: ErrorHandler): this {
    if (this.taken) throw new TypeError(`${this.options.label} body has already been used`)
    this.taken = true
    this.fallback ??= onError
    return this
  }

  /** Sets where failures go when the response has no handler of its own and none was given. */
  reportTo(onError: ErrorHandler | undefined): void {
    this.fallback ??= onError
  }

  /**
   * Leaves the reporting of a failure this body hands its reader to that reader: a body that
   * wraps this one (a compressor's) fails with the same error and reports it, with the
   * adapter's handler, so it is reported once (docs/architecture.md, "Errors: where they go").
   * What this body handles itself (an `errorEvent`'s last chunk, a source's cleanup failing) is
   * still reported here, since it never reaches the reader.
   */
  passErrorsOn(): void {
    this.passing = true
  }

  /** True once claimed by a reader. */
  get used(): boolean {
    return this.taken === true
  }

  /** Reads one chunk: the chunk, `null` at the end, or `undefined` when `reader` is told later. */
  read(reader: ChunkReader): Uint8Array | string | null | undefined {
    // The prefix is ours, not the producer's: priming reads past it, and it still goes first.
    const prefix = this.prefix
    if (prefix !== undefined && !this.priming && (!this.closed || this.reason === 'end')) {
      this.prefix = undefined
      if (prefix.length > 0) return this.sent(prefix)
    }
    const kept = this.kept
    if (kept !== undefined) {
      this.kept = undefined
      return kept
    }
    if (this.closed) {
      if (!this.aborted) return null
      reader.fail(this.options.signal!.reason)
      return undefined
    }
    try {
      const open = (this.open ??= openSource(this.source, this.options.label))
      for (;;) {
        let result = this.ready
        if (result !== undefined) this.ready = undefined
        else {
          if (!this.pulling) {
            const pulled = open.next()
            if (typeof (pulled as { then?: unknown }).then !== 'function') {
              result = pulled as IteratorResult<unknown>
            } else {
              this.pulling = true
              ;(pulled as PromiseLike<IteratorResult<unknown>>).then(this.arrive, this.failed)
            }
          }
          if (result === undefined) {
            this.waiting = reader
            if (this.last !== 0 && this.timer === undefined) this.arm()
            return undefined
          }
        }
        if (result instanceof Failure) throw result.error
        if (result.done) {
          this.finish('end', undefined)
          return null
        }
        const { options } = this
        const mapped =
          options.map === undefined ? this.check(result.value) : options.map(result.value)
        if (mapped !== null && mapped.length > 0) {
          if (!this.first) this.settle()
          return this.sent(mapped)
        }
      }
    } catch (error) {
      if (this.closed) return null
      const last = this.options.lastChunk === undefined ? undefined : this.lastWords(error)
      if (last === undefined) {
        if (!this.passing) this.report(error)
        this.settle(error, true)
      } else this.settle()
      this.close('error', error)
      if (last !== undefined) return last
      reader.fail(error)
      return undefined
    }
  }

  /**
   * The chunk that ends a failed body cleanly, if the options give one. Then the failure is
   * reported even while priming: the body answers with the chunk instead of becoming an error
   * response, so nobody else will report it.
   */
  private lastWords(error: unknown): Uint8Array | string | undefined {
    let last: Uint8Array | string | undefined
    try {
      last = this.options.lastChunk!(error)
    } catch (hookError) {
      this.report(hookError)
      return undefined
    }
    if (last === undefined || last.length === 0) return undefined
    const priming = this.priming
    this.priming = false
    this.report(error)
    this.priming = priming
    return last
  }

  /**
   * Reads ahead to the source's first chunk (past the prefix, which is ours, not the
   * producer's), so a source that fails before producing anything fails here, while the
   * response can still become an error response; the error is thrown, not reported. Returns
   * `undefined` when the chunk was ready at once (or the body is closed or already being read),
   * else a promise.
   */
  prime(): Promise<void> | undefined {
    if (this.first || this.closed || this.kept !== undefined) return undefined
    let settled = false
    const promise = new Promise<void>((resolve, reject) => {
      ;(this.waiters ??= []).push({
        resolve: () => {
          settled = true
          resolve()
        },
        reject,
      })
      this.priming = true
      // A read under way (the `ReadableStream` form pulls ahead on its own): its outcome
      // settles us. Otherwise read ahead now and keep the chunk for the first real read.
      if (this.waiting !== undefined || this.pulling) return
      const out = this.read(new KeepReader(this))
      if (out !== undefined && out !== null) this.kept = out
    })
    return settled ? undefined : promise
  }

  /** Keeps a primed chunk for the first read. @internal */
  keep(chunk: Uint8Array | string): void {
    this.kept = chunk
  }

  /** The promise form of `read`: text is encoded as UTF-8. */
  next(): Promise<IteratorResult<Uint8Array, undefined>> {
    return new Promise((resolve, reject) => {
      const out = this.read(new PromiseReader(resolve, reject))
      if (out === null) resolve(DONE)
      else if (out !== undefined) {
        resolve({ done: false, value: typeof out === 'string' ? utf8Encode(out) : out })
      }
    })
  }

  /** Lets the body go (a consumer cancelled); never rejects. */
  return(reason?: unknown): Promise<IteratorReturnResult<undefined>> {
    this.close(
      'cancel',
      reason ?? new StreamClosedError('cancel', `${this.options.label} cancelled`)
    )
    return Promise.resolve(DONE)
  }

  [Symbol.asyncIterator](): this {
    return this
  }

  /**
   * Claims the body and returns it as a pull-based `ReadableStream`: `pull` asks for one chunk,
   * so the source is never more than `highWaterMark` chunks ahead of the reader; `cancel` lets
   * the source go. A source error errors the stream.
   */
  stream(): ReadableStream<Uint8Array> {
    this.take()
    let cancelled = false
    return new ReadableStream<Uint8Array>(
      {
        pull: (controller) =>
          this.next().then((result) => {
            if (cancelled) return
            if (result.done) controller.close()
            else controller.enqueue(result.value)
          }),
        cancel: (reason) => {
          cancelled = true
          return this.return(reason).then(() => undefined)
        },
      },
      { highWaterMark: this.options.highWaterMark ?? 1 }
    )
  }

  /** The signal aborted: the reader is gone. */
  handleEvent(): void {
    this.aborted = true
    this.close('disconnect', this.options.signal!.reason)
  }

  /**
   * Ends the body once: stops the keep-alive, lets the source go (opening a never-read stream
   * or `Readable` just to release it) and calls `onClose(reason)`. A read left waiting ends, or
   * fails when the signal aborted or the close is a failure (the body must not look complete).
   * Without `error`, a `StreamClosedError` with the reason is what `onClose` and the reader get.
   */
  close(reason: CloseReason, error?: unknown): void {
    error ??= new StreamClosedError(reason, `${this.options.label} closed: ${reason}`)
    this.finish(reason, error, true)
  }

  private finish(reason: CloseReason, error: unknown, releaseSource = false): void {
    if (this.closed) return
    this.closed = true
    this.reason = reason
    // Nothing more will come: a primer waiting on a body closed from outside goes on (the
    // writer then finds the body ended).
    this.settle()
    const reader = this.waiting
    this.waiting = undefined
    this.kept = undefined
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    this.options.signal?.removeEventListener('abort', this)
    if (releaseSource) this.release(error)
    try {
      this.options.onClose?.(reason, reason === 'end' ? undefined : error)
    } catch (hookError) {
      this.report(hookError)
    }
    if (this.aborted || reason === 'error' || reason === 'timeout' || reason === 'shutdown') {
      reader?.fail(error)
    } else reader?.end()
  }

  /** Tells the source we are leaving early; its own cleanup failures are reported. */
  private release(reason: unknown): void {
    // A stream or Readable handed over but never read still holds resources (a file
    // descriptor, a socket): open it only to close it. A function source was never called.
    if (this.open === undefined && typeof this.source !== 'function') {
      try {
        this.open = openSource(this.source, this.options.label)
      } catch {
        // Not a valid source: nothing to release.
      }
    }
    if (this.open === undefined) return
    try {
      // A stream whose read rejected rejects its cancel with that error: reported already.
      void Promise.resolve(this.open.close(reason)).catch((error: unknown) => {
        if (error !== reason) this.report(error)
      })
    } catch (error) {
      if (error !== reason) this.report(error)
    }
  }

  /** A pull settled (a `Failure` when it threw): hand it to the waiting reader, or keep it. */
  private readonly arrive = (result: IteratorResult<unknown> | Failure): void => {
    this.pulling = false
    if (this.closed) return
    this.ready = result
    const reader = this.waiting
    if (reader === undefined) return
    this.waiting = undefined
    const out = this.read(reader)
    if (out === null) reader.end()
    else if (out !== undefined) reader.chunk(out)
  }

  private readonly failed = (error: unknown): void => this.arrive(new Failure(error))

  private check(item: unknown): Uint8Array | string {
    if (typeof item === 'string') return item
    if (isBinary(item)) return toUint8Array(item)
    throw new TypeError(
      `${this.options.label} chunks must be strings or bytes, got ${typeName(item)}`
    )
  }

  private sent(chunk: Uint8Array | string): Uint8Array | string {
    if (this.last !== 0) this.last = Date.now()
    return chunk
  }

  private arm(): void {
    const ms = this.options.heartbeat!.ms
    this.timer = setTimeout(this.tick, this.last + ms - Date.now())
  }

  private readonly tick = (): void => {
    this.timer = undefined
    const reader = this.waiting
    // Nobody waiting (the reader is slow, not the source): re-armed by the next read.
    if (reader === undefined || this.closed) return
    if (this.last + this.options.heartbeat!.ms > Date.now()) return this.arm()
    this.waiting = undefined
    let chunk: Uint8Array | string
    try {
      chunk = this.options.heartbeat!.chunk()
    } catch (error) {
      if (!this.passing) this.report(error)
      this.settle(error, true)
      this.close('error', error)
      return reader.fail(error)
    }
    if (!this.first) this.settle()
    reader.chunk(this.sent(chunk))
  }

  /** The first chunk, the end or a failure: tell whoever waits in `prime()`, once. */
  private settle(error?: unknown, failed = false): void {
    this.first = true
    this.priming = false
    const waiters = this.waiters
    if (waiters === undefined) return
    this.waiters = undefined
    for (const waiter of waiters) {
      if (failed) waiter.reject(error)
      else waiter.resolve()
    }
  }

  private report(error: unknown): void {
    if (this.priming) return
    report(this.options.onError ?? this.fallback, error, { phase: 'stream' })
  }
}
