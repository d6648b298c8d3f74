/**
 * The producer's side of a resumable stream: numbers entries, batches them into store writes
 * (one write per `maxEvents` entries or per `maxDelayMs`, and never two writes at once), keeps
 * the lease alive while the producer is quiet, and notices when it has been fenced out.
 *
 * @internal
 * @module
 */
import type { EntryKind, NewEntry, StreamStore, WriteLimits } from './types'

/** How writes are batched. */
export interface BatchOptions {
  maxEvents: number
  maxDelayMs: number
}

/** Entries the producer may run ahead of the store before it has to wait. */
const MAX_BUFFERED = 4096

/** @internal */
export class LogWriter {
  private buffer: NewEntry[] = []
  private seq = 0
  private running: Promise<void> | undefined
  private timer: ReturnType<typeof setTimeout> | undefined
  private lastWrite = Date.now()
  private failure: unknown
  /** True once the store refused a write: another token holds the lease, or the log is gone. */
  fenced = false

  constructor(
    private readonly store: StreamStore,
    private readonly key: string,
    private readonly token: number,
    private readonly limits: WriteLimits,
    private readonly batch: BatchOptions,
    private readonly onFenced: (reason: unknown) => void
  ) {}

  /** Queues one entry; resolves at once unless the producer is too far ahead of the store. */
  push(kind: EntryKind, event: string, data: string): Promise<void> | undefined {
    this.buffer.push({ seq: ++this.seq, kind, event, data })
    if (this.buffer.length >= this.batch.maxEvents || kind !== 'event') this.start()
    else if (this.timer === undefined && this.running === undefined) {
      this.timer = setTimeout(() => this.start(), this.batch.maxDelayMs)
    }
    if (this.buffer.length >= MAX_BUFFERED) return this.drain()
    return undefined
  }

  /** Writes everything queued; resolves when the store has it (or the writer was fenced). */
  async drain(): Promise<void> {
    this.start()
    while (this.running) await this.running
  }

  /** Renews the lease if nothing was written for a while. */
  renew(): void {
    if (this.running || this.fenced || Date.now() - this.lastWrite < this.limits.leaseMs / 3) return
    this.running = this.write([]).finally(() => {
      this.running = undefined
      if (this.buffer.length > 0) this.start()
    })
  }

  private start(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer)
      this.timer = undefined
    }
    if (this.running || this.fenced) return
    this.running = this.loop().finally(() => {
      this.running = undefined
    })
  }

  private async loop(): Promise<void> {
    while (this.buffer.length > 0 && !this.fenced) {
      const entries = this.buffer.splice(0, Math.max(this.batch.maxEvents, 1))
      await this.write(entries)
    }
  }

  /**
   * One store write. A failing write is retried (the Redis clients also queue commands while
   * they reconnect) until a lease time has passed since the last success; then the stream is
   * given up, because its lease, and with it the right to write, is gone by then anyway.
   */
  private async write(entries: readonly NewEntry[]): Promise<void> {
    for (let delay = 50; ; delay = Math.min(delay * 2, 1000)) {
      try {
        const ok = await this.store.append(this.key, this.token, entries, this.limits)
        this.lastWrite = Date.now()
        if (!ok) this.fence(new Error(`lost the lease of stream ${this.key}`))
        return
      } catch (error) {
        this.failure = error
        if (Date.now() - this.lastWrite > this.limits.leaseMs) {
          this.fence(this.failure)
          return
        }
        await new Promise((resolve) => setTimeout(resolve, delay))
      }
    }
  }

  private fence(reason: unknown): void {
    if (this.fenced) return
    this.fenced = true
    this.buffer = []
    this.onFenced(reason)
  }
}
