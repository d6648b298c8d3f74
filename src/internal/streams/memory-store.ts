/**
 * The in-memory store: event logs in a `Map` of the current process (one isolate on the edge).
 * Expiry is lazy (checked on access, swept on writes), so it needs no timers of its own.
 *
 * @internal
 * @module
 */
import type { Listener, LogEntry, NewEntry, StreamState, StreamStore, WriteLimits } from './types'

interface Log {
  entries: LogEntry[]
  /** The seq of the newest entry ever appended (entries may have been trimmed). */
  last: number
  fence: number
  lease: { token: number; expires: number } | undefined
  expires: number
  listeners: Set<{ cursor: number; listener: Listener }>
}

interface Cancel {
  expires: number
  watchers: Set<() => void>
  done: boolean
}

const SWEEP_EVERY = 256

/** @internal */
export class MemoryStore implements StreamStore {
  readonly kind = 'memory'
  private readonly logs = new Map<string, Log>()
  private readonly cancels = new Map<string, Cancel>()
  private writes = 0

  private get(key: string): Log | undefined {
    const log = this.logs.get(key)
    if (log && log.expires <= Date.now() && log.listeners.size === 0) {
      this.logs.delete(key)
      return undefined
    }
    return log
  }

  private create(key: string, ttlMs: number): Log {
    const log: Log = {
      entries: [],
      last: 0,
      fence: 0,
      lease: undefined,
      expires: Date.now() + ttlMs,
      listeners: new Set(),
    }
    this.logs.set(key, log)
    return log
  }

  private sweep(): void {
    if (++this.writes % SWEEP_EVERY !== 0) return
    const now = Date.now()
    for (const [key, log] of this.logs) {
      if (log.expires <= now && log.listeners.size === 0) this.logs.delete(key)
    }
    for (const [key, cancel] of this.cancels) if (cancel.expires <= now) this.cancels.delete(key)
  }

  private add(log: Log, entries: readonly LogEntry[], limits: WriteLimits): void {
    if (entries.length === 0) return
    log.entries.push(...entries)
    log.last = entries[entries.length - 1]!.seq
    if (log.entries.length > limits.maxLen)
      log.entries.splice(0, log.entries.length - limits.maxLen)
    for (const sub of log.listeners) {
      const fresh = entries.filter((entry) => entry.seq > sub.cursor)
      if (fresh.length === 0) continue
      sub.cursor = fresh[fresh.length - 1]!.seq
      sub.listener.push(fresh)
    }
  }

  async claim(key: string, limits: WriteLimits): Promise<number> {
    const found = this.get(key)
    // A log made by `follow` before anyone wrote is a placeholder: it may still be claimed.
    if (found && (found.fence > 0 || found.last > 0)) return 0
    const log = found ?? this.create(key, limits.ttlMs)
    log.expires = Date.now() + limits.ttlMs
    log.fence += 1
    log.lease = { token: log.fence, expires: Date.now() + limits.leaseMs }
    this.sweep()
    return log.fence
  }

  async append(
    key: string,
    token: number,
    entries: readonly NewEntry[],
    limits: WriteLimits
  ): Promise<boolean> {
    const log = this.get(key)
    const lease = log?.lease
    if (!log || !lease || lease.token !== token || lease.expires <= Date.now()) return false
    const now = Date.now()
    log.expires = now + limits.ttlMs
    const last = entries[entries.length - 1]
    if (last && last.kind !== 'event') log.lease = undefined
    else lease.expires = now + limits.leaseMs
    this.add(log, entries.map(copy), limits)
    this.sweep()
    return true
  }

  async publish(key: string, event: string, data: string, limits: WriteLimits): Promise<number> {
    const log = this.get(key) ?? this.create(key, limits.ttlMs)
    log.expires = Date.now() + limits.ttlMs
    const seq = log.last + 1
    this.add(log, [{ seq, kind: 'event', event, data }], limits)
    this.sweep()
    return seq
  }

  async read(key: string, after: number, limit: number): Promise<LogEntry[]> {
    const entries = this.get(key)?.entries
    if (!entries || entries.length === 0) return []
    // Entries are contiguous: index of seq `after + 1` is found by offset from the first.
    const start = Math.max(0, after + 1 - entries[0]!.seq)
    return entries.slice(start, start + limit).map(copy)
  }

  async head(key: string): Promise<number> {
    return this.get(key)?.last ?? 0
  }

  async inspect(key: string): Promise<StreamState> {
    const log = this.get(key)
    if (!log || (log.fence === 0 && log.last === 0)) return 'absent'
    const last = log.entries[log.entries.length - 1]
    if (last && last.kind !== 'event') return 'done'
    if (log.lease && log.lease.expires > Date.now()) return 'running'
    log.lease = undefined
    const reason = JSON.stringify({ reason: 'abandoned' })
    this.add(log, [{ seq: log.last + 1, kind: 'error', event: 'error', data: reason }], {
      leaseMs: 0,
      ttlMs: 0,
      maxLen: Number.MAX_SAFE_INTEGER,
    })
    return 'reaped'
  }

  follow(key: string, after: number, listener: Listener): () => void {
    const log = this.get(key) ?? this.create(key, 0)
    const sub = { cursor: after, listener }
    log.listeners.add(sub)
    const backlog = log.entries.filter((entry) => entry.seq > after)
    if (backlog.length > 0) {
      sub.cursor = backlog[backlog.length - 1]!.seq
      listener.push(backlog.map(copy))
    }
    return () => {
      log.listeners.delete(sub)
    }
  }

  async cancel(key: string, ttlMs: number): Promise<void> {
    const cancel = this.cancelOf(key, ttlMs)
    cancel.done = true
    for (const watcher of cancel.watchers) watcher()
    cancel.watchers.clear()
  }

  watchCancel(key: string, onCancel: () => void): () => void {
    const cancel = this.cancelOf(key, 60_000)
    if (cancel.done) {
      queueMicrotask(onCancel)
      return () => {}
    }
    cancel.watchers.add(onCancel)
    return () => {
      cancel.watchers.delete(onCancel)
      if (!cancel.done && cancel.watchers.size === 0) this.cancels.delete(key)
    }
  }

  private cancelOf(key: string, ttlMs: number): Cancel {
    let cancel = this.cancels.get(key)
    if (cancel && cancel.expires <= Date.now() && cancel.watchers.size === 0) cancel = undefined
    if (!cancel) {
      cancel = { expires: 0, watchers: new Set(), done: false }
      this.cancels.set(key, cancel)
    }
    cancel.expires = Math.max(cancel.expires, Date.now() + ttlMs)
    return cancel
  }

  async close(): Promise<void> {
    for (const log of this.logs.values()) log.listeners.clear()
  }
}

function copy(entry: LogEntry): LogEntry {
  return { seq: entry.seq, kind: entry.kind, event: entry.event, data: entry.data }
}
