/**
 * The event log behind resumable streams and channels: one small interface that the memory
 * store and the Redis store both implement, so everything above it is written once.
 *
 * @internal
 * @module
 */

/** What an entry of the log is: a data event, or one of the two terminal entries. */
export type EntryKind = 'event' | 'end' | 'error'

/** One entry of an event log. Sequence numbers start at 1 and increase by exactly 1. */
export interface LogEntry {
  /** Position in the log: 1, 2, 3 … without holes (a hole means entries were trimmed). */
  seq: number
  /** `event` for data, `end` or `error` for the entry that closes a stream. */
  kind: EntryKind
  /** The SSE event type, `''` for the default (`message`). */
  event: string
  /** The SSE data, already a string (non-string data is JSON-encoded before it is logged). */
  data: string
}

/** An entry before the store gives it its place: the producer numbers its own entries. */
export type NewEntry = LogEntry

/**
 * What `inspect` finds: no log at all, a producer holding the lease, a log that ends with a
 * terminal entry, or `reaped` (the lease expired without a terminal entry, so the store just
 * appended an `error` entry with reason `abandoned` on behalf of the dead producer).
 */
export type StreamState = 'absent' | 'running' | 'done' | 'reaped'

/** Limits applied on every write. */
export interface WriteLimits {
  /** How long a lease lasts without a renewal, in ms. */
  leaseMs: number
  /** How long the log lives after its last write, in ms. */
  ttlMs: number
  /** How many entries the log keeps (the oldest are trimmed). */
  maxLen: number
}

/** Receives entries as the store sees them arrive. */
export interface Listener {
  /** New entries of the followed log, in order, each with a `seq` above the listener's cursor. */
  push(entries: readonly LogEntry[]): void
  /** The store lost the log (Redis restarted without persistence, or the key was evicted). */
  lost(): void
}

/**
 * A store of event logs keyed by name. Every method may reject when the backing service is
 * unreachable; callers decide what that means (see the resumable-streams guide).
 */
export interface StreamStore {
  /** Which store this is, for messages. */
  readonly kind: string
  /**
   * Takes the producer lease of a stream that has no log yet and creates its log. Returns
   * the fencing token (a positive integer), or `0` when the log exists or a lease is held.
   */
  claim(key: string, limits: WriteLimits): Promise<number>
  /**
   * Appends `entries` when `token` still holds the lease, renews the lease (or releases it
   * when the last entry is terminal) and the TTL. Resolves `false` when fenced out. An empty
   * list renews the lease only.
   */
  append(
    key: string,
    token: number,
    entries: readonly NewEntry[],
    limits: WriteLimits
  ): Promise<boolean>
  /** Appends one event to a shared log (a channel), numbering it atomically; resolves its seq. */
  publish(key: string, event: string, data: string, limits: WriteLimits): Promise<number>
  /** Up to `limit` entries with `seq > after`, oldest first. */
  read(key: string, after: number, limit: number): Promise<LogEntry[]>
  /** The seq of the newest entry, `0` when the log is empty or absent. */
  head(key: string): Promise<number>
  /** The state of a stream's log; marks an abandoned stream failed (see {@link StreamState}). */
  inspect(key: string): Promise<StreamState>
  /** Delivers entries with `seq > after` as they arrive until the returned function is called. */
  follow(key: string, after: number, listener: Listener): () => void
  /** Asks the producer of `key`, wherever it runs, to stop. */
  cancel(key: string, ttlMs: number): Promise<void>
  /** Calls `onCancel` once when `key` is cancelled (also when it was before this call). */
  watchCancel(key: string, onCancel: () => void): () => void
  /** Stops background work (the Redis subscription loop); the user's clients stay open. */
  close(): Promise<void>
}

/** True for the entries that close a stream. */
export function isTerminal(entry: LogEntry): boolean {
  return entry.kind !== 'event'
}
