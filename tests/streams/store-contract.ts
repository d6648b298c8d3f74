/**
 * The contract every store passes: the memory store and the Redis store (with node-redis and
 * with ioredis) run this same suite, so code above the store interface relies on nothing else.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Listener, LogEntry, StreamStore } from '../../src/streams'

const LIMITS = { leaseMs: 5000, ttlMs: 60_000, maxLen: 1000 }
let counter = 0
/** A key no other test uses (the Redis server is shared by a file's tests). */
const fresh = () => `t${++counter}-${Math.random().toString(36).slice(2)}`

const ev = (seq: number, data = `d${seq}`, event = ''): LogEntry => ({
  seq,
  kind: 'event',
  event,
  data,
})

function recorder(): Listener & {
  got: LogEntry[]
  lostCount: number
  next(n: number): Promise<void>
} {
  const got: LogEntry[] = []
  let waiters: (() => void)[] = []
  return {
    got,
    lostCount: 0,
    push(entries) {
      got.push(...entries)
      for (const w of waiters) w()
      waiters = []
    },
    lost() {
      this.lostCount++
    },
    async next(n) {
      while (got.length < n) await new Promise<void>((resolve) => waiters.push(resolve))
    },
  }
}

export function storeContract(name: string, make: () => Promise<StreamStore>): void {
  describe(`${name} store contract`, () => {
    let store: StreamStore
    beforeEach(async () => {
      store = await make()
    })
    afterEach(async () => {
      await store.close()
    })

    it('gives the lease to the first claim only', async () => {
      const key = fresh()
      const token = await store.claim(key, LIMITS)
      expect(token).toBeGreaterThan(0)
      expect(await store.claim(key, LIMITS)).toBe(0)
      expect(await store.inspect(key)).toBe('running')
    })

    it('appends with the token and refuses a stale one', async () => {
      const key = fresh()
      const token = await store.claim(key, LIMITS)
      expect(await store.append(key, token, [ev(1), ev(2, 'two', 'x')], LIMITS)).toBe(true)
      expect(await store.append(key, token + 1, [ev(3)], LIMITS)).toBe(false)
      expect(await store.read(key, 0, 10)).toEqual([ev(1), ev(2, 'two', 'x')])
      expect(await store.read(key, 1, 10)).toEqual([ev(2, 'two', 'x')])
      expect(await store.read(key, 0, 1)).toEqual([ev(1)])
      expect(await store.head(key)).toBe(2)
    })

    it('releases the lease with a terminal entry and reports done', async () => {
      const key = fresh()
      const token = await store.claim(key, LIMITS)
      const end: LogEntry = { seq: 2, kind: 'end', event: 'end', data: '{"reason":"complete"}' }
      expect(await store.append(key, token, [ev(1), end], LIMITS)).toBe(true)
      expect(await store.inspect(key)).toBe('done')
      expect(await store.append(key, token, [ev(3)], LIMITS)).toBe(false)
      expect(await store.claim(key, LIMITS)).toBe(0)
    })

    it('reports an unknown stream absent', async () => {
      const key = fresh()
      expect(await store.inspect(key)).toBe('absent')
      expect(await store.read(key, 0, 10)).toEqual([])
      expect(await store.head(key)).toBe(0)
    })

    it('marks a stream whose lease expired as failed, once', async () => {
      const key = fresh()
      // Long enough that claim, append and the first inspect fit in it on a loaded machine;
      // the wait below is for the expiry itself, however late it is seen.
      const limits = { ...LIMITS, leaseMs: 1000 }
      const token = await store.claim(key, limits)
      await store.append(key, token, [ev(1)], limits)
      expect(await store.inspect(key)).toBe('running')
      let state = await store.inspect(key)
      for (let waited = 0; state === 'running' && waited < 10_000; waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50))
        state = await store.inspect(key)
      }
      expect(state).toBe('reaped')
      expect(await store.inspect(key)).toBe('done')
      const entries = await store.read(key, 0, 10)
      expect(entries.map((e) => [e.seq, e.kind])).toEqual([
        [1, 'event'],
        [2, 'error'],
      ])
      expect(JSON.parse(entries[1]!.data)).toEqual({ reason: 'abandoned' })
      expect(await store.append(key, token, [ev(3)], limits)).toBe(false)
    })

    it('follows a log: the backlog after the cursor, then live entries, until stopped', async () => {
      const key = fresh()
      const token = await store.claim(key, LIMITS)
      await store.append(key, token, [ev(1), ev(2)], LIMITS)
      const listener = recorder()
      const stop = store.follow(key, 1, listener)
      await listener.next(1)
      await store.append(key, token, [ev(3)], LIMITS)
      await listener.next(2)
      expect(listener.got.map((e) => e.seq)).toEqual([2, 3])
      stop()
      await store.append(key, token, [ev(4)], LIMITS)
      const other = recorder()
      const stopOther = store.follow(key, 3, other)
      await other.next(1)
      stopOther()
      expect(listener.got.map((e) => e.seq)).toEqual([2, 3])
      expect(listener.lostCount).toBe(0)
    })

    it('follows a log that does not exist yet', async () => {
      const key = fresh()
      const listener = recorder()
      const stop = store.follow(key, 0, listener)
      const token = await store.claim(key, LIMITS)
      expect(token).toBeGreaterThan(0)
      await store.append(key, token, [ev(1)], LIMITS)
      await listener.next(1)
      stop()
      expect(listener.got).toEqual([ev(1)])
    })

    it('numbers published events 1, 2, 3 and keeps the last maxLen', async () => {
      const key = fresh()
      const limits = { ...LIMITS, maxLen: 3 }
      for (let i = 1; i <= 5; i++) expect(await store.publish(key, 'e', `p${i}`, limits)).toBe(i)
      expect(await store.head(key)).toBe(5)
      expect((await store.read(key, 0, 10)).map((e) => e.data)).toEqual(['p3', 'p4', 'p5'])
      expect((await store.read(key, 3, 10)).map((e) => e.seq)).toEqual([4, 5])
    })

    it('drops a log after its TTL', async () => {
      const key = fresh()
      await store.publish(key, '', 'x', { ...LIMITS, ttlMs: 30 })
      await new Promise((resolve) => setTimeout(resolve, 80))
      expect(await store.read(key, 0, 10)).toEqual([])
      expect(await store.head(key)).toBe(0)
    })

    it('delivers a cancel to a watcher, also one that came after it', async () => {
      const key = fresh()
      let early = 0
      const stop = store.watchCancel(key, () => early++)
      await store.cancel(key, 60_000)
      await expect.poll(() => early).toBe(1)
      stop()
      let late = 0
      const stopLate = store.watchCancel(key, () => late++)
      await expect.poll(() => late).toBe(1)
      stopLate()
      expect(early).toBe(1)
    })
  })
}
