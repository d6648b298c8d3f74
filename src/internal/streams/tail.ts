/**
 * Reading a log: first the replay after a cursor, page by page, then the live tail through
 * `follow`, with a bounded inbox. A reader that falls behind the inbox bound stops receiving
 * live entries and goes back to reading pages from its cursor, so a slow client costs at most
 * `maxQueue` entries of memory; when the entries it needs were trimmed meanwhile, it gets a gap.
 *
 * @internal
 * @module
 */
import { isTerminal, type Listener, type LogEntry, type StreamStore } from './types'

/** Entries were trimmed between `from` and `to` (inclusive) before this reader got them. */
export interface Gap {
  kind: 'gap'
  from: number
  to: number
}

/** The store lost the log (see `Listener.lost`). */
export interface Lost {
  kind: 'lost'
}

/** What a tail yields. */
export type TailItem = LogEntry | Gap | Lost

/** @internal */
export interface TailOptions {
  /** Entries per replay read. */
  page: number
  /** Live entries held for a reader that has not taken them yet. */
  maxQueue: number
  /** After this many ms without an entry, check the stream's state (0: never, for channels). */
  checkMs: number
  /** Ends the tail. */
  signal?: AbortSignal | undefined
}

/** A listener with a bounded queue; wakes the reader that waits on it. */
class Inbox implements Listener {
  queue: LogEntry[] = []
  head = 0
  overflow = false
  isLost = false
  private wake: (() => void) | undefined

  constructor(private readonly max: number) {}

  push(entries: readonly LogEntry[]): void {
    if (this.overflow) return
    if (this.queue.length - this.head + entries.length > this.max) this.overflow = true
    else for (const entry of entries) this.queue.push(entry)
    this.wake?.()
  }

  lost(): void {
    this.isLost = true
    this.wake?.()
  }

  take(): LogEntry | undefined {
    if (this.head >= this.queue.length) return undefined
    const entry = this.queue[this.head++]
    if (this.head >= this.queue.length) {
      this.queue = []
      this.head = 0
    }
    return entry
  }

  /** Resolves `true` when woken, `false` after `ms` (0: never times out) or on abort. */
  wait(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined
      const done = (woken: boolean) => {
        this.wake = undefined
        if (timer !== undefined) clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
        resolve(woken)
      }
      const onAbort = () => done(false)
      this.wake = () => done(true)
      if (ms > 0) timer = setTimeout(() => done(false), ms)
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }
}

/** Yields the entries of `key` after `after`, in order, each once, until a terminal entry. */
export async function* tail(
  store: StreamStore,
  key: string,
  after: number,
  options: TailOptions
): AsyncGenerator<TailItem, void, undefined> {
  let cursor = after
  const { signal } = options
  for (;;) {
    // Replay: pages from the store, until a short page says the reader has caught up.
    for (;;) {
      if (signal?.aborted) return
      const entries = await store.read(key, cursor, options.page)
      for (const entry of entries) {
        if (entry.seq <= cursor) continue
        if (entry.seq !== cursor + 1) yield { kind: 'gap', from: cursor + 1, to: entry.seq - 1 }
        cursor = entry.seq
        yield entry
        if (isTerminal(entry)) return
      }
      if (entries.length < options.page) break
    }
    const inbox = new Inbox(options.maxQueue)
    const stop = store.follow(key, cursor, inbox)
    try {
      for (;;) {
        for (let entry = inbox.take(); entry; entry = inbox.take()) {
          if (entry.seq <= cursor) continue
          if (entry.seq !== cursor + 1) yield { kind: 'gap', from: cursor + 1, to: entry.seq - 1 }
          cursor = entry.seq
          yield entry
          if (isTerminal(entry)) return
        }
        if (signal?.aborted) return
        if (inbox.overflow) break
        if (inbox.isLost) {
          yield { kind: 'lost' }
          // A channel goes on with whatever the store holds from now on.
          cursor = 0
          break
        }
        const woken = await inbox.wait(options.checkMs, signal)
        if (woken || options.checkMs === 0 || signal?.aborted) continue
        const state = await store.inspect(key)
        if (state === 'absent') {
          yield { kind: 'lost' }
          return
        }
        // A terminal entry exists (or was just written for a dead producer): read it.
        if (state !== 'running') break
      }
    } finally {
      stop()
    }
  }
}
