/**
 * The iterator behind every body stream (see `iterable-stream.ts`): one object per stream, no
 * closures per chunk. A chunk the source has ready (a sync source, the prefix) is returned at
 * once; an async one is handed to the waiting reader from one `then` on the source's own
 * promise. The Node writer reads through `READ` (strings go to the socket as they are);
 * `next()` is the same read behind a promise. The keep-alive clock is one timer per stream,
 * armed only while a reader waits and re-armed once per interval, never per chunk; no timer at
 * all without a heartbeat.
 *
 * @internal
 * @module
 */
import { isBinary, toUint8Array, utf8Encode } from '../core/bytes'
import { openSource, type OpenSource, type StreamSource } from './source'

/** Options of {@link iterateSource} and {@link iterableStream}. @internal */
export interface IterateOptions {
  /**
   * Turns each source item into bytes or text; `null` skips the item. Default: strings and
   * bytes pass, anything else is a `TypeError` naming the type and `label`.
   */
  map?(item: unknown): Uint8Array | string | null
  /** Sent before the first item (SSE's `retry:` line). */
  prefix?: Uint8Array | string | undefined
  /** Sent whenever the source has been silent for `ms` milliseconds while someone waits. */
  heartbeat?: { ms: number; chunk(): Uint8Array | string } | undefined
  /** Called with an error thrown by the source, `map` or a cleanup; never with a cancel. */
  onError?(error: unknown): void
  /** Called exactly once when the stream ends, fails or is cancelled. */
  onClose?: (() => void) | undefined
  /** Name used in error messages. @defaultValue `'stream'` */
  label?: string
  /** Encodes text chunks as UTF-8 for `next()`. @defaultValue `TextEncoder` */
  encode?: (text: string) => Uint8Array
  /**
   * Closes the source when aborted, like a cancel (for runtimes that never cancel bodies), and
   * fails reads with the abort reason (not reported to `onError`).
   */
  signal?: AbortSignal | undefined
}

/** The iterator both forms share; `return(reason)` closes the source once. @internal */
export type ByteIterator = AsyncIterator<Uint8Array, undefined, undefined> & {
  return(reason?: unknown): Promise<IteratorReturnResult<undefined>>
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

/**
 * The key of the callback read the Node writer uses (`Symbol.for`, so a writer from another
 * build recognises it): returns a chunk, `null` at the end, or `undefined` when `reader` will
 * be told later (after a failure too). @internal
 */
export const READ: unique symbol = Symbol.for('response-kit.read') as never

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined }

/** Names a value's type for error messages: `number`, `Object`, `Map`. @internal */
export function typeName(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value !== 'object') return typeof value
  return (value as object).constructor?.name ?? 'Object'
}

/** A pull that threw while nobody waited: thrown at the next read. */
class Failure {
  constructor(readonly error: unknown) {}
}

/** @internal */
export class SourceIterator implements ChunkReader {
  // Declared only: each is created on first use (undefined reads as "not yet").
  declare private open: OpenSource | undefined
  declare private closed: boolean | undefined
  /** The signal aborted: reads fail with its reason, never end cleanly (DESIGN rule 4). */
  declare private aborted: boolean | undefined
  /** A source pull is under way (its result goes to `arrive`/`failed`). */
  declare private pulling: boolean | undefined
  /** A pull that settled while nobody waited (after a keep-alive). */
  declare private ready: IteratorResult<unknown> | Failure | undefined
  declare private waiting: ChunkReader | undefined
  declare private timer: ReturnType<typeof setTimeout> | undefined
  declare private resolve: (result: IteratorResult<Uint8Array, undefined>) => void
  declare private reject: (error: unknown) => void
  declare private prefix: Uint8Array | string | undefined
  declare private last: number
  declare private readonly label: string
  declare private readonly source: StreamSource
  declare private readonly options: IterateOptions

  constructor(source: StreamSource, options: IterateOptions) {
    this.source = source
    this.options = options
    this.last = 0
    this.label = options.label ?? 'stream'
    this.prefix = options.prefix
    if (options.heartbeat !== undefined && options.heartbeat.ms > 0) this.last = Date.now()
    const { signal } = options
    if (signal?.aborted) this.handleEvent()
    else signal?.addEventListener('abort', this, { once: true })
  }

  /** Reads one chunk: the chunk, `null` at the end, or `undefined` when `reader` is told later. */
  [READ](reader: ChunkReader): Uint8Array | string | null | undefined {
    if (this.closed) {
      if (!this.aborted) return null
      reader.fail(this.options.signal!.reason)
      return undefined
    }
    try {
      const prefix = this.prefix
      if (prefix !== undefined) {
        this.prefix = undefined
        if (prefix.length > 0) return this.sent(prefix)
      }
      const open = (this.open ??= openSource(this.source, this.label))
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
          this.close(undefined, false)
          return null
        }
        const { options } = this
        const mapped =
          options.map === undefined ? this.check(result.value) : options.map(result.value)
        if (mapped !== null && mapped.length > 0) return this.sent(mapped)
      }
    } catch (error) {
      if (this.closed) return null
      this.report(error)
      this.close(error)
      reader.fail(error)
      return undefined
    }
  }

  next(): Promise<IteratorResult<Uint8Array, undefined>> {
    return new Promise((resolve, reject) => {
      this.resolve = resolve
      this.reject = reject
      const out = this[READ](this)
      if (out === null) this.end()
      else if (out !== undefined) this.chunk(out)
    })
  }

  return(reason?: unknown): Promise<IteratorReturnResult<undefined>> {
    this.close(reason ?? new Error(`${this.label} cancelled`))
    return Promise.resolve(DONE)
  }

  /** The signal aborted. */
  handleEvent(): void {
    this.aborted = true
    this.close(this.options.signal!.reason)
  }

  /** `next()`'s side of a read. */
  chunk(value: string | Uint8Array): void {
    this.resolve({
      done: false,
      value: typeof value === 'string' ? (this.options.encode ?? utf8Encode)(value) : value,
    })
  }
  end(): void {
    this.resolve(DONE)
  }
  fail(error: unknown): void {
    this.reject(error)
  }

  /** A pull settled (a `Failure` when it threw): hand it to the waiting reader, or keep it. */
  private readonly arrive = (result: IteratorResult<unknown> | Failure): void => {
    this.pulling = false
    if (this.closed) return
    this.ready = result
    const reader = this.waiting
    if (reader === undefined) return
    this.waiting = undefined
    const out = this[READ](reader)
    if (out === null) reader.end()
    else if (out !== undefined) reader.chunk(out)
  }

  private readonly failed = (error: unknown): void => this.arrive(new Failure(error))

  private check(item: unknown): Uint8Array | string {
    if (typeof item === 'string') return item
    if (isBinary(item)) return toUint8Array(item)
    throw new TypeError(`${this.label} chunks must be strings or bytes, got ${typeName(item)}`)
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
      this.report(error)
      this.close(error)
      return reader.fail(error)
    }
    reader.chunk(this.sent(chunk))
  }

  private close(reason: unknown, closeSource = true): void {
    if (this.closed) return
    this.closed = true
    const reader = this.waiting
    this.waiting = undefined
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    this.options.signal?.removeEventListener('abort', this)
    // A stream or Readable handed over but never read still holds resources (a file
    // descriptor, a socket): open it only to close it. A function source was never called.
    if (closeSource && this.open === undefined && typeof this.source !== 'function') {
      try {
        this.open = openSource(this.source, this.label)
      } catch {
        // Not a valid source: nothing to release.
      }
    }
    // A source that ended by itself is already closed; one we leave early is told so.
    if (closeSource && this.open !== undefined) {
      try {
        // A stream whose read rejected rejects its cancel with that error: reported already.
        void Promise.resolve(this.open.close(reason)).catch((error: unknown) => {
          if (error !== reason) this.report(error)
        })
      } catch (error) {
        if (error !== reason) this.report(error)
      }
    }
    try {
      this.options.onClose?.()
    } catch (error) {
      this.report(error)
    }
    // A read left waiting fails when the signal aborted (the body must not look complete)
    // and ends when the reader cancelled.
    if (this.aborted) reader?.fail(reason)
    else reader?.end()
  }

  private report(error: unknown): void {
    try {
      this.options.onError?.(error)
    } catch {
      // An onError hook that throws has nowhere left to report to.
    }
  }
}
