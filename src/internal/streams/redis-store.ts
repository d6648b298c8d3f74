/**
 * The Redis store: each log is a Redis Stream. Commands go through the user's client; live
 * logs are followed by ONE loop per store (per instance) that runs a blocking `XREAD` over
 * every followed key on a second connection and hands entries to local listeners, however
 * many clients read. A new follower interrupts the blocked read by appending to the
 * instance's own wake-up stream.
 *
 * @internal
 * @module
 */
import { entryList, streamPairs, toExec, duplicate, type Exec } from './redis-client'
import { ALIVE, APPEND, CLAIM, INSPECT, POKE, PUBLISH } from './redis-scripts'
import type {
  EntryKind,
  Listener,
  LogEntry,
  NewEntry,
  StreamState,
  StreamStore,
  WriteLimits,
} from './types'

export type { RedisLikeClient } from './redis-client'

/** Options of `createRedisStore`. */
export interface RedisStoreOptions {
  /** A connected `redis` (node-redis) or `ioredis` client, used for commands. */
  client: import('./redis-client').RedisLikeClient
  /**
   * A second connected client for the blocking subscription loop (one per store).
   * @defaultValue `client.duplicate()`, connected by the store and closed by `close()`
   */
  subscriber?: import('./redis-client').RedisLikeClient
  /**
   * Prefix of every key the store writes.
   * @defaultValue `'rk:'`
   */
  prefix?: string
  /**
   * How long one blocking read waits before the loop checks that Redis still has its data.
   * @defaultValue `1000`
   */
  blockMs?: number
}

interface Sub {
  cursor: number
  listener: Listener
}

const KINDS = new Set<string>(['event', 'end', 'error'])
const ABANDONED = JSON.stringify({ reason: 'abandoned' })
const STATES: StreamState[] = ['absent', 'running', 'done', 'reaped']
const ALIVE_TTL = 86_400_000

function toEntries(reply: unknown): LogEntry[] {
  const out: LogEntry[] = []
  for (const [id, fields] of entryList(reply)) {
    const seq = Number(id.slice(0, id.indexOf('-')))
    const f: Record<string, string> = {}
    for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i]!] = fields[i + 1]!
    if (seq === 0 || !KINDS.has(f.k ?? '')) continue
    out.push({ seq, kind: f.k as EntryKind, event: f.e ?? '', data: f.d ?? '' })
  }
  return out
}

/** The stream id just before `seq + 1`: what XREAD and XRANGE take as a cursor. */
function idAfter(after: number): string {
  return after === 0 ? '0-1' : `${after}-0`
}

/** @internal */
export class RedisStore implements StreamStore {
  readonly kind = 'redis'
  private readonly exec: Exec
  private readonly prefix: string
  private readonly blockMs: number
  private readonly subs = new Map<string, Set<Sub>>()
  private readonly cancels = new Map<string, Set<() => void>>()
  private readonly instance = Math.random().toString(36).slice(2) + Date.now().toString(36)
  private subscriber: Promise<{ exec: Exec; close: () => void }> | undefined
  private running: Promise<void> | undefined
  private blocked = false
  private woken = false
  /**
   * The last wake-up entry the loop has seen. Reading the wake stream from it rather than from
   * `$` catches a wake-up that reaches Redis (on the command connection) before the blocking
   * read it is meant to interrupt (on the subscriber connection): with `$` that read would
   * miss it and sleep a whole `blockMs` before following the new key.
   */
  private wakeCursor = '0-0'
  private idle: (() => void) | undefined
  private closed = false
  private aliveSeen = false
  private lastAlive = 0

  constructor(private readonly options: RedisStoreOptions) {
    this.exec = toExec(options?.client, 'options.client')
    if (options.subscriber !== undefined) toExec(options.subscriber, 'options.subscriber')
    this.prefix = options.prefix ?? 'rk:'
    if (typeof this.prefix !== 'string') throw new TypeError('options.prefix must be a string')
    this.blockMs = options.blockMs ?? 1000
    if (!Number.isInteger(this.blockMs) || this.blockMs < 1) {
      throw new RangeError(`options.blockMs must be a positive integer, got ${this.blockMs}`)
    }
  }

  private k(key: string, suffix = ''): string {
    return this.prefix + key + suffix
  }

  private script(lua: string, keys: string[], args: (string | number)[]): Promise<unknown> {
    return this.exec(['EVAL', lua, String(keys.length), ...keys, ...args.map(String)])
  }

  async claim(key: string, limits: WriteLimits): Promise<number> {
    const keys = [this.k(key), this.k(key, ':lease'), this.k(key, ':fence')]
    return Number(await this.script(CLAIM, keys, [limits.leaseMs, limits.ttlMs]))
  }

  async append(key: string, token: number, entries: readonly NewEntry[], limits: WriteLimits) {
    const args: (string | number)[] = [token, limits.leaseMs, limits.ttlMs, limits.maxLen]
    for (const e of entries) args.push(e.seq, e.kind, e.event, e.data)
    return Number(await this.script(APPEND, [this.k(key), this.k(key, ':lease')], args)) === 1
  }

  async publish(key: string, event: string, data: string, limits: WriteLimits): Promise<number> {
    const keys = [this.k(key), this.k(key, ':n')]
    return Number(await this.script(PUBLISH, keys, [limits.maxLen, limits.ttlMs, event, data]))
  }

  async read(key: string, after: number, limit: number): Promise<LogEntry[]> {
    const reply = await this.exec([
      'XRANGE',
      this.k(key),
      `${after + 1}-0`,
      '+',
      'COUNT',
      String(limit),
    ])
    return toEntries(reply)
  }

  async head(key: string): Promise<number> {
    const reply = await this.exec(['XREVRANGE', this.k(key), '+', '-', 'COUNT', '1'])
    const [entry] = entryList(reply)
    return entry ? Number(entry[0].slice(0, entry[0].indexOf('-'))) : 0
  }

  async inspect(key: string): Promise<StreamState> {
    const state = await this.script(INSPECT, [this.k(key), this.k(key, ':lease')], [ABANDONED])
    return STATES[Number(state)] ?? 'absent'
  }

  follow(key: string, after: number, listener: Listener): () => void {
    const sub: Sub = { cursor: after, listener }
    let set = this.subs.get(key)
    if (!set) this.subs.set(key, (set = new Set()))
    set.add(sub)
    this.kick()
    return () => {
      set.delete(sub)
      if (set.size === 0 && this.subs.get(key) === set) this.subs.delete(key)
    }
  }

  async cancel(key: string, ttlMs: number): Promise<void> {
    await this.script(POKE, [this.k(key, ':cancel')], [ttlMs])
  }

  watchCancel(key: string, onCancel: () => void): () => void {
    let set = this.cancels.get(key)
    if (!set) this.cancels.set(key, (set = new Set()))
    set.add(onCancel)
    this.kick()
    return () => {
      set.delete(onCancel)
      if (set.size === 0 && this.cancels.get(key) === set) this.cancels.delete(key)
    }
  }

  async close(): Promise<void> {
    this.closed = true
    this.idle?.()
    const subscriber = this.subscriber
    this.subscriber = undefined
    if (subscriber && this.options.subscriber === undefined) (await subscriber).close()
    await this.running?.catch(() => {})
  }

  /** Starts the loop, or interrupts its blocked read so that it picks up new keys. */
  private kick(): void {
    if (this.closed) return
    if (!this.running) {
      this.running = this.loop().finally(() => (this.running = undefined))
      return
    }
    this.idle?.()
    if (this.blocked && !this.woken) {
      this.woken = true
      this.script(POKE, [this.k(`wake:${this.instance}`)], [60_000]).catch(() => {})
    }
  }

  private connection(): Promise<{ exec: Exec; close: () => void }> {
    if (!this.subscriber) {
      const given = this.options.subscriber
      this.subscriber = given
        ? Promise.resolve({ exec: toExec(given, 'options.subscriber'), close: () => {} })
        : duplicate(this.options.client)
    }
    return this.subscriber
  }

  private async loop(): Promise<void> {
    let backoff = 50
    while (!this.closed) {
      if (this.subs.size === 0 && this.cancels.size === 0) {
        await new Promise<void>((resolve) => (this.idle = resolve))
        this.idle = undefined
        continue
      }
      try {
        await this.checkAlive()
        const { exec } = await this.connection()
        const keys = [this.k(`wake:${this.instance}`)]
        const ids = [this.wakeCursor]
        const from = new Map<string, number>()
        for (const [key, set] of this.subs) {
          let min = Infinity
          for (const sub of set) min = Math.min(min, sub.cursor)
          from.set(key, min)
          keys.push(this.k(key))
          ids.push(idAfter(min))
        }
        for (const key of this.cancels.keys()) {
          keys.push(this.k(key, ':cancel'))
          ids.push('0-0')
        }
        this.blocked = true
        this.woken = false
        const reply = await exec([
          'XREAD',
          'COUNT',
          '512',
          'BLOCK',
          String(this.blockMs),
          'STREAMS',
          ...keys,
          ...ids,
        ])
        this.blocked = false
        this.dispatch(reply, from)
        backoff = 50
      } catch {
        this.blocked = false
        if (this.closed) return
        await new Promise((resolve) => setTimeout(resolve, backoff))
        backoff = Math.min(backoff * 2, 1000)
        this.lastAlive = 0
      }
    }
  }

  /** Hands a read's entries to followers; `from` is the seq each key was read after. */
  private dispatch(reply: unknown, from: ReadonlyMap<string, number>): void {
    const wake = this.k(`wake:${this.instance}`)
    for (const [name, raw] of streamPairs(reply)) {
      if (name === wake) {
        const last = entryList(raw).at(-1)
        if (last !== undefined) this.wakeCursor = last[0]
        continue
      }
      if (!name.startsWith(this.prefix)) continue
      const key = name.slice(this.prefix.length)
      if (key.endsWith(':cancel')) {
        const base = key.slice(0, -':cancel'.length)
        const set = this.cancels.get(base)
        this.cancels.delete(base)
        for (const onCancel of set ?? []) onCancel()
        continue
      }
      const set = this.subs.get(key)
      if (!set) continue
      const entries = toEntries(raw)
      const start = from.get(key) ?? Infinity
      for (const sub of set) {
        // A follower that joined during the read, behind where it started: the reply lacks
        // the entries just after its cursor, and passing the rest on would look like a
        // trimmed gap. The next read starts from its cursor and returns at once.
        if (sub.cursor < start) continue
        const fresh = entries.filter((entry) => entry.seq > sub.cursor)
        if (fresh.length === 0) continue
        sub.cursor = fresh[fresh.length - 1]!.seq
        sub.listener.push(fresh)
      }
    }
  }

  /**
   * At most once per blocking interval, checks that Redis still has this instance's alive
   * key. When it had to be made again, Redis lost its data: every follower is told.
   */
  private async checkAlive(): Promise<void> {
    if (Date.now() - this.lastAlive < this.blockMs) return
    const existed = Number(
      await this.script(ALIVE, [this.k(`alive:${this.instance}`)], [ALIVE_TTL])
    )
    this.lastAlive = Date.now()
    if (existed === 0 && this.aliveSeen) {
      for (const set of this.subs.values()) {
        for (const sub of set) {
          sub.cursor = 0
          sub.listener.lost()
        }
      }
    }
    this.aliveSeen = true
  }
}
