/**
 * Resumable streams across separate processes sharing one real Redis: instance A and B run
 * fixtures/instance.ts (A with node-redis, B with ioredis), C is the one killed mid-stream.
 */
import fc from 'fast-check'
import { createClient } from 'redis'
import { fetch } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRedis, type RedisServer } from '../helpers/redis'
import { startInstance, type Instance } from './instances'
import { readEvents, text } from './sse-read'

const LEASE_MS = 1000
let redis: RedisServer
let a: Instance
let b: Instance
let client: ReturnType<typeof createClient>
let n = 0
const fresh = (tag: string) => `${tag}-${++n}-${Math.random().toString(36).slice(2, 8)}`
const expected = (count: number) => Array.from({ length: count }, (_, i) => `t${i} `).join('')

function get(base: string, path: string, lastId?: string) {
  return fetch(base + path, { headers: lastId === undefined ? {} : { 'last-event-id': lastId } })
}

beforeAll(async () => {
  redis = await startRedis()
  const env = { REDIS_URL: redis.url, LEASE_MS: String(LEASE_MS) }
  ;[a, b] = await Promise.all([
    startInstance({ ...env, CLIENT: 'redis' }),
    startInstance({ ...env, CLIENT: 'ioredis' }),
  ])
  client = createClient({ url: redis.url })
  client.on('error', () => {})
  await client.connect()
})

afterAll(async () => {
  client?.destroy()
  await Promise.all([a?.stop(), b?.stop()])
  await redis?.stop()
})

describe('resumableStream on two instances and one Redis', () => {
  it('gives the whole text in order, once, when a client cut from A resumes on B', async () => {
    const count = 40
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: count }), fc.boolean(), async (cut, aFirst) => {
        const [first, second] = aFirst ? [a, b] : [b, a]
        const id = fresh('cut')
        const res = await get(first.url, `/stream/${id}?n=${count}`)
        const head = cut === 0 ? [] : await readEvents(res.body, (_, all) => all.length === cut)
        if (cut === 0) await res.body?.cancel()
        const lastId = head.at(-1)?.id
        const rest = await readEvents((await get(second.url, `/stream/${id}`, lastId ?? '0')).body)
        const all = [...head, ...rest]
        expect(text(all)).toBe(expected(count))
        const ids = all.map((e) => e.id)
        expect(new Set(ids).size).toBe(ids.length)
        expect(all.at(-1)).toMatchObject({ event: 'end', data: '{"reason":"complete"}' })
      }),
      { numRuns: 200 }
    )
  })

  it('runs the producer exactly once when two instances race for one id', async () => {
    const ids = Array.from({ length: 10 }, () => fresh('race'))
    await Promise.all(
      ids.map(async (id) => {
        const [ra, rb] = await Promise.all([
          get(a.url, `/stream/${id}?n=20`),
          get(b.url, `/stream/${id}?n=20`),
        ])
        const [ea, eb] = await Promise.all([readEvents(ra.body), readEvents(rb.body)])
        expect(text(ea)).toBe(expected(20))
        expect(text(eb)).toBe(expected(20))
      })
    )
    for (const id of ids) expect(await client.get(`test:starts:${id}`)).toBe('1')
  })

  it('answers 204 on B to a client that got the last event from A', async () => {
    const id = fresh('done')
    const events = await readEvents((await get(a.url, `/stream/${id}?n=5`)).body)
    const res = await get(b.url, `/stream/${id}`, events.at(-1)!.id)
    expect(res.status).toBe(204)
  })

  it('stops the producer on A within 1 s of a cancel sent to B; a disconnect does not', async () => {
    const id = fresh('cancel')
    const res = await get(a.url, `/stream/${id}?n=100000&delay=5`)
    const first = await readEvents(res.body, (_, all) => all.length === 3)
    expect(first).toHaveLength(3)
    // The client left A: the producer goes on.
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(await client.get(`test:aborted:${id}`)).toBeNull()
    const watcher = await get(b.url, `/stream/${id}`, '3')
    const sent = Date.now()
    await fetch(`${b.url}/cancel/${id}`, { method: 'POST' }).then((r) => r.text())
    const events = await readEvents(watcher.body)
    expect(events.at(-1)).toMatchObject({ event: 'end', data: '{"reason":"cancelled"}' })
    await expect.poll(() => client.get(`test:aborted:${id}`), { timeout: 2000 }).not.toBeNull()
    const aborted = Number(await client.get(`test:aborted:${id}`))
    expect(aborted - sent).toBeLessThan(1000)
  })

  it('ends with reason abandoned within lease + 1 s when the producing process is killed', async () => {
    const c = await startInstance({
      REDIS_URL: redis.url,
      LEASE_MS: String(LEASE_MS),
      CLIENT: 'redis',
    })
    try {
      const id = fresh('kill')
      const res = await get(c.url, `/stream/${id}?n=100000&delay=5`)
      const head = await readEvents(res.body, (_, all) => all.length === 10)
      await c.kill()
      const killed = Date.now()
      const rest = await readEvents((await get(b.url, `/stream/${id}`, head.at(-1)!.id)).body)
      const elapsed = Date.now() - killed
      const all = [...head, ...rest]
      const count = all.length - 1
      expect(text(all)).toBe(expected(count))
      expect(all.at(-1)).toMatchObject({ event: 'end', data: '{"reason":"abandoned"}' })
      expect(elapsed).toBeLessThan(LEASE_MS + 1000)
    } finally {
      await c.kill()
    }
  })

  // Last: it empties Redis.
  it('tells the client "lost" when Redis restarts empty mid-stream, never silently', async () => {
    const id = fresh('restart')
    const res = await get(a.url, `/stream/${id}?n=100000&delay=5`)
    const head = await readEvents(res.body, (_, all) => all.length === 5)
    const watcher = await get(b.url, `/stream/${id}`, head.at(-1)!.id)
    const events = readEvents(watcher.body)
    await new Promise((resolve) => setTimeout(resolve, 50))
    await redis.restart()
    const all = [...head, ...(await events)]
    // Whatever arrived is an exact prefix, then an explicit end says the rest is lost.
    expect(all.at(-1)).toMatchObject({ event: 'end', id: 'end', data: '{"reason":"lost"}' })
    expect(text(all)).toBe(expected(all.length - 1))
    // The producer on A was fenced out (its lease went with the data) and stopped.
    await expect.poll(() => client.get(`test:aborted:${id}`), { timeout: 5000 }).not.toBeNull()
    // A reconnect with the synthetic id is told 204.
    expect((await get(b.url, `/stream/${id}`, 'end')).status).toBe(204)
    // A fresh stream works again once B's Redis connections are back: they reconnect by
    // themselves, in their own time on a loaded machine. Until then a fresh stream may fail,
    // but never silently: it ends with an explicit end event.
    const outcomes: string[] = []
    let again: Awaited<ReturnType<typeof readEvents>> = []
    for (let tries = 0; tries < 100; tries++) {
      if (tries > 0) await new Promise((resolve) => setTimeout(resolve, 100))
      again = await readEvents((await get(b.url, `/stream/${fresh('after')}?n=5`)).body)
      outcomes.push(`${JSON.stringify(text(again))} then ${JSON.stringify(again.at(-1))}`)
      expect(again.at(-1), outcomes.join('\n')).toMatchObject({ event: 'end' })
      if (again.at(-1)!.data === '{"reason":"complete"}') break
    }
    expect(text(again), outcomes.join('\n')).toBe(expected(5))
    expect(again.at(-1)!.data, outcomes.join('\n')).toBe('{"reason":"complete"}')
  })
})
