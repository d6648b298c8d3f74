/**
 * The Redis store's one blocking XREAD loop must learn of a new follower at once, whatever
 * the loop is doing when the follow starts: blocked in Redis, with a wake-up already on its
 * way, with its read still on the way to Redis or its reply on the way back, or between two
 * reads. Each case is set up by holding the loop's commands at the moment that matters (a
 * gate on the subscriber and command connections), never by sleeping.
 *
 * A missed wake-up shows as a read that times out: with `blockMs` at 5 s, nothing else in these
 * tests leaves a read blocked that long, so every test asserts that no read returned empty
 * before the follower got its event (instead of asserting a latency).
 */
import { createClient } from 'redis'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createRedisStore, type StreamStore } from '../../src/streams'
import { tail } from '../../src/internal/streams/tail'
import { startRedis, type RedisServer } from '../helpers/redis'

const BLOCK_MS = 5000
const LIMITS = { leaseMs: 0, ttlMs: 60_000, maxLen: 100 }

let redis: RedisServer
let admin: { sendCommand(args: string[]): Promise<unknown>; destroy(): void }
/** Append-to-delivery times, printed with WAKE_REPORT=1 (no figures are asserted). */
const latencies: { name: string; ms: number }[] = []

beforeAll(async () => {
  redis = await startRedis()
  admin = await createClient({ url: redis.url }).connect()
})
afterAll(async () => {
  admin.destroy()
  await redis.stop()
  if (process.env.WAKE_REPORT === '1') {
    for (const { name, ms } of latencies) console.log(`${ms.toFixed(1)} ms  ${name}`)
  }
})

interface Gate {
  promise: Promise<void>
  open(): void
}

function gate(): Gate {
  let open!: () => void
  const promise = new Promise<void>((resolve) => (open = resolve))
  return { promise, open }
}

interface Read {
  /** The keys the read follows, without the store's prefix. */
  keys: string[]
  /** The id each key is read after. */
  ids: string[]
  /** Opens when Redis has replied (before a held reply is handed to the loop). */
  replied: Gate
  done: boolean
}

/** Resolves when `check` holds, re-checked whenever the harness records something. */
class Changes {
  private waiters = new Set<() => void>()
  notify(): void {
    for (const waiter of [...this.waiters]) waiter()
  }
  until<T>(check: () => T | undefined): Promise<T> {
    return new Promise((resolve) => {
      const test = () => {
        const value = check()
        if (value === undefined) return
        this.waiters.delete(test)
        resolve(value)
      }
      this.waiters.add(test)
      test()
    })
  }
}

/**
 * A store whose subscriber and command connections are real node-redis clients behind a gate:
 * each XREAD can be held before it is sent or after Redis replied, and each wake-up or alive
 * check (EVAL on the instance's wake or alive key) can be held before it is sent.
 */
async function harness() {
  const real = await createClient({ url: redis.url }).connect()
  const sub = await createClient({ url: redis.url }).connect()
  const subId = String(await sub.sendCommand(['CLIENT', 'ID']))
  const changes = new Changes()
  const h = {
    reads: [] as Read[],
    /** XREADs that returned nothing: a whole blockMs without a wake-up. */
    timedOut: 0,
    pokesSent: 0,
    pokesDone: 0,
    holdSend: undefined as Gate | undefined,
    holdReply: undefined as Gate | undefined,
    holdPoke: undefined as Gate | undefined,
    holdAlive: undefined as Gate | undefined,
    alivesWaiting: 0,
  }
  const subscriber = {
    sendCommand: async (args: string[]) => {
      if (args[0] !== 'XREAD') return sub.sendCommand(args)
      const streams = args.indexOf('STREAMS') + 1
      const half = (args.length - streams) / 2
      const read: Read = {
        keys: args.slice(streams, streams + half).map((k) => k.slice('rk:'.length)),
        ids: args.slice(streams + half),
        replied: gate(),
        done: false,
      }
      h.reads.push(read)
      changes.notify()
      if (h.holdSend) await h.holdSend.promise
      const reply = await sub.sendCommand(args)
      if (reply == null) h.timedOut++
      read.done = true
      read.replied.open()
      changes.notify()
      if (h.holdReply) await h.holdReply.promise
      return reply
    },
  }
  const client = {
    sendCommand: async (args: string[]) => {
      const key = args[0] === 'EVAL' ? String(args[3]) : ''
      if (key.startsWith('rk:wake:')) {
        h.pokesSent++
        changes.notify()
        if (h.holdPoke) await h.holdPoke.promise
        const reply = await real.sendCommand(args)
        h.pokesDone++
        changes.notify()
        return reply
      }
      if (key.startsWith('rk:alive:') && h.holdAlive) {
        h.alivesWaiting++
        changes.notify()
        await h.holdAlive.promise
      }
      return real.sendCommand(args)
    },
  }
  const store: StreamStore = createRedisStore({ client, subscriber, blockMs: BLOCK_MS })

  /** The loop's read in flight, once it is blocked in Redis following `key` (after `id`). */
  async function blockedOn(key: string, id?: string): Promise<Read> {
    const read = await changes.until(() => {
      const last = h.reads.at(-1)
      if (!last || last.done) return undefined
      const at = last.keys.indexOf(key)
      return at >= 0 && (id === undefined || last.ids[at] === id) ? last : undefined
    })
    await expect
      .poll(async () => String(await admin.sendCommand(['CLIENT', 'LIST', 'ID', subId])))
      .toMatch(/ flags=b .* cmd=xread/)
    return read
  }

  /** Follows `key` after `after`, recording what arrives and when. */
  function follow(key: string, after = 0) {
    const got: number[] = []
    let appendedAt = 0
    const stop = store.follow(key, after, {
      push(entries) {
        if (got.length === 0 && appendedAt > 0) {
          const name = expect.getState().currentTestName ?? key
          latencies.push({ name, ms: performance.now() - appendedAt })
        }
        got.push(...entries.map((e) => e.seq))
        changes.notify()
      },
      lost() {},
    })
    return {
      key,
      got,
      stop,
      /** Publishes one event on `key` and marks the time. */
      async publish() {
        appendedAt = performance.now()
        return store.publish(key, '', 'x', LIMITS)
      },
      /** Resolves once `count` entries arrived. */
      received: (count: number) => changes.until(() => (got.length >= count ? true : undefined)),
    }
  }

  async function close() {
    for (const g of [h.holdSend, h.holdReply, h.holdPoke, h.holdAlive]) g?.open()
    const closing = store.close()
    // Ends the blocked read at once, so close() need not wait out its blockMs.
    sub.destroy()
    await closing
    real.destroy()
  }

  return { h, store, changes, blockedOn, follow, close }
}

const open: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const close of open.splice(0)) await close()
})

async function setup() {
  const t = await harness()
  open.push(t.close)
  return t
}

const key = (name: string) => `${name}-${Math.random().toString(36).slice(2)}`

describe('Redis store: a follow started at any moment of the read loop', () => {
  it('while the read is blocked in Redis, on a key that does not exist yet', async () => {
    const t = await setup()
    const a = t.follow(key('a'))
    await t.blockedOn(a.key)
    const b = t.follow(key('b'))
    await b.publish()
    await b.received(1)
    expect(b.got).toEqual([1])
    expect(t.h.timedOut).toBe(0)
  })

  it('while the read is blocked in Redis, on a key created after the loop blocked on it', async () => {
    const t = await setup()
    const a = t.follow(key('a'))
    await t.blockedOn(a.key)
    const b = t.follow(key('b'))
    await t.blockedOn(b.key)
    expect(await t.store.head(b.key)).toBe(0)
    await b.publish()
    await b.received(1)
    expect(t.h.timedOut).toBe(0)
  })

  it('two follows in quick succession on different keys: the second rides the first wake-up', async () => {
    const t = await setup()
    const a = t.follow(key('a'))
    await t.blockedOn(a.key)
    const b = t.follow(key('b'))
    const c = t.follow(key('c'))
    expect(t.h.pokesSent).toBe(1)
    await c.publish()
    await b.publish()
    await Promise.all([b.received(1), c.received(1)])
    expect(t.h.timedOut).toBe(0)
  })

  it('while a wake-up is pending (sent, not yet in Redis)', async () => {
    const t = await setup()
    const a = t.follow(key('a'))
    await t.blockedOn(a.key)
    t.h.holdPoke = gate()
    const b = t.follow(key('b'))
    await t.changes.until(() => (t.h.pokesSent === 1 ? true : undefined))
    const c = t.follow(key('c'))
    // No second wake-up: the pending one must be enough.
    expect(t.h.pokesSent).toBe(1)
    t.h.holdPoke.open()
    await c.publish()
    await c.received(1)
    await b.publish()
    await b.received(1)
    expect(t.h.timedOut).toBe(0)
  })

  it('while the next read is still on its way to Redis and the wake-up gets there first', async () => {
    const t = await setup()
    const a = t.follow(key('a'))
    await t.blockedOn(a.key)
    t.h.holdSend = gate()
    const b = t.follow(key('b'))
    // The wake-up for b ends the blocked read; the loop's next read (a and b) is held.
    await t.changes.until(() => (t.h.reads.at(-1)?.keys.includes(b.key) ? true : undefined))
    const c = t.follow(key('c'))
    expect(t.h.pokesSent).toBe(2)
    await t.changes.until(() => (t.h.pokesDone === 2 ? true : undefined))
    t.h.holdSend.open()
    await c.publish()
    await c.received(1)
    expect(t.h.timedOut).toBe(0)
  })

  it('while the read has returned in Redis and its reply is on the way back', async () => {
    const t = await setup()
    const a = t.follow(key('a'))
    const read = await t.blockedOn(a.key)
    t.h.holdReply = gate()
    await a.publish()
    await read.replied.promise
    const b = t.follow(key('b'))
    t.h.holdReply.open()
    await b.publish()
    await b.received(1)
    expect(t.h.timedOut).toBe(0)
  })

  it('while the reply of a read ended by a wake-up is on the way back', async () => {
    const t = await setup()
    const a = t.follow(key('a'))
    const read = await t.blockedOn(a.key)
    t.h.holdReply = gate()
    const b = t.follow(key('b'))
    await read.replied.promise
    const c = t.follow(key('c'))
    t.h.holdReply.open()
    await c.publish()
    await c.received(1)
    await b.publish()
    await b.received(1)
    expect(t.h.timedOut).toBe(0)
  })

  it('between two reads (the loop awaits its alive check), and before the first read', async () => {
    const t = await setup()
    t.h.holdAlive = gate()
    const a = t.follow(key('a'))
    await t.changes.until(() => (t.h.alivesWaiting === 1 ? true : undefined))
    const b = t.follow(key('b'))
    t.h.holdAlive.open()
    await b.publish()
    await b.received(1)
    await a.publish()
    await a.received(1)
    expect(t.h.timedOut).toBe(0)
  })

  it('after the last follower left while the read was blocked', async () => {
    const t = await setup()
    const a = t.follow(key('a'))
    await t.blockedOn(a.key)
    a.stop()
    const b = t.follow(key('b'))
    await b.publish()
    await b.received(1)
    const last = await t.blockedOn(b.key)
    b.stop()
    // An entry ends the read with nobody left to follow: the loop goes idle; a follow wakes it.
    await b.publish()
    await last.replied.promise
    const c = t.follow(key('c'))
    await c.publish()
    await c.received(1)
    expect(t.h.timedOut).toBe(0)
  })

  it('on a key already followed further along: the new follower gets every entry after its own cursor', async () => {
    const t = await setup()
    const a = t.follow(key('k'))
    for (let i = 0; i < 3; i++) await a.publish()
    await a.received(3)
    await t.blockedOn(a.key, '3-0')
    // b read entry 1 on its own (a replay) and follows from there; its wake-up is held, so
    // the next entry ends the read that started after 3, before the loop knows of b.
    t.h.holdPoke = gate()
    const b = t.follow(a.key, 1)
    await a.publish()
    await a.received(4)
    t.h.holdPoke.open()
    // The loop has handled the wake-up and waits for entry 5: b has had its chance.
    await t.changes.until(() => (t.h.pokesDone === 1 ? true : undefined))
    await t.blockedOn(a.key, '4-0')
    expect(b.got).toEqual([2, 3, 4])
    expect(a.got).toEqual([1, 2, 3, 4])
    expect(t.h.timedOut).toBe(0)
  })

  it('a reader that caught up from a replay while others follow live is told of no gap', async () => {
    const t = await setup()
    const a = t.follow(key('k'))
    for (let i = 0; i < 3; i++) await a.publish()
    await a.received(3)
    // A reader resuming after entry 1 replays 2 and 3, slowly: 4 and 5 arrive meanwhile.
    const reader = tail(t.store, a.key, 1, { page: 10, maxQueue: 100, checkMs: 0 })
    expect((await reader.next()).value).toMatchObject({ seq: 2 })
    await a.publish()
    await a.publish()
    await a.received(5)
    await t.blockedOn(a.key, '5-0')
    t.h.holdPoke = gate()
    expect((await reader.next()).value).toMatchObject({ seq: 3 })
    // The replay is over: the reader follows from 3 (its wake-up held) and waits.
    const next = reader.next()
    expect(t.h.pokesSent).toBe(1)
    await a.publish()
    await a.received(6)
    t.h.holdPoke.open()
    expect((await next).value).toMatchObject({ seq: 4 })
    expect((await reader.next()).value).toMatchObject({ seq: 5 })
    await reader.return()
  })
})
