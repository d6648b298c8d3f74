import IORedis from 'ioredis'
import { createClient } from 'redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRedisStore, resumableStream, type StreamStore } from '../../src/streams'
import { startRedis, type RedisServer } from '../helpers/redis'
import { storeContract } from './store-contract'

let redis: RedisServer
const closers: (() => Promise<unknown>)[] = []

beforeAll(async () => {
  redis = await startRedis()
})
afterAll(async () => {
  for (const close of closers.splice(0)) await close()
  await redis.stop()
})

async function nodeRedisStore(): Promise<StreamStore> {
  const client = await createClient({ url: redis.url }).connect()
  const store = createRedisStore({ client })
  closers.push(async () => client.destroy())
  return store
}

async function ioredisStore(): Promise<StreamStore> {
  const client = new IORedis(redis.url)
  const store = createRedisStore({ client })
  closers.push(async () => client.disconnect())
  return store
}

storeContract('redis (node-redis)', nodeRedisStore)
storeContract('redis (ioredis)', ioredisStore)

describe('createRedisStore', () => {
  it('throws a TypeError for something that is not a redis client', () => {
    expect(() => createRedisStore({ client: {} })).toThrow(TypeError)
    expect(() => createRedisStore({ client: { call: 1 } })).toThrow(
      /redis \(node-redis\) or ioredis/
    )
  })

  it('follows every key over one subscription connection', async () => {
    const client = await createClient({ url: redis.url }).connect()
    closers.push(async () => client.destroy())
    const before = Number(/connected_clients:(\d+)/.exec(await client.info('clients'))![1])
    const store = createRedisStore({ client })
    const keys = Array.from({ length: 50 }, (_, i) => `many-${i}-${Math.random()}`)
    const served = new Set<string>()
    const stops = keys.map((key) =>
      store.follow(key, 0, { push: () => void served.add(key), lost() {} })
    )
    // Every follower is live once it got an event: count connections then, not after a sleep.
    const limits = { leaseMs: 0, ttlMs: 60_000, maxLen: 10 }
    for (const key of keys) await store.publish(key, '', 'x', limits)
    await expect.poll(() => served.size).toBe(keys.length)
    const during = Number(/connected_clients:(\d+)/.exec(await client.info('clients'))![1])
    expect(during - before).toBe(1)
    for (const stop of stops) stop()
    await store.close()
  })

  it('uses the subscriber connection it is given', async () => {
    const client = await createClient({ url: redis.url }).connect()
    const subscriber = await createClient({ url: redis.url }).connect()
    closers.push(
      async () => client.destroy(),
      async () => subscriber.destroy()
    )
    const store = createRedisStore({ client, subscriber })
    const key = `given-${Math.random()}`
    const got: number[] = []
    const stop = store.follow(key, 0, {
      push: (entries) => got.push(...entries.map((e) => e.seq)),
      lost() {},
    })
    await store.publish(key, '', 'a', { leaseMs: 0, ttlMs: 60_000, maxLen: 10 })
    await expect.poll(() => got).toEqual([1])
    const blocked = await client.sendCommand(['CLIENT', 'LIST'])
    expect(String(blocked)).toMatch(/cmd=xread/)
    stop()
    await store.close()
    expect(subscriber.isOpen).toBe(true)
  })

  it('batches store writes: one EVAL per maxEvents tokens, not one per token', async () => {
    const client = await createClient({ url: redis.url }).connect()
    closers.push(async () => client.destroy())
    const store = createRedisStore({ client })
    const evals = async () =>
      Number(/cmdstat_eval:calls=(\d+)/.exec(await client.info('commandstats'))?.[1] ?? 0)
    const before = await evals()
    const producer = async function* () {
      for (let i = 0; i < 200; i++) yield `t${i}`
    }
    const res = await resumableStream({
      id: `batch-${Math.random()}`,
      store,
      producer,
      batch: { maxEvents: 50, maxDelayMs: 20 },
    })
    const body = await res.text()
    expect(body).toContain('t199')
    const used = (await evals()) - before
    // A claim, four batches of 50, the end entry, and a few loop wake-ups.
    expect(used).toBeGreaterThanOrEqual(5)
    expect(used).toBeLessThan(15)
    await store.close()
  })
})
