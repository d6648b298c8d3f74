import IORedis from 'ioredis'
import { createClient } from 'redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRedisStore, type StreamStore } from '../../src/streams'
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
    const stops = Array.from({ length: 50 }, (_, i) =>
      store.follow(`many-${i}`, 0, { push() {}, lost() {} })
    )
    await new Promise((resolve) => setTimeout(resolve, 200))
    const during = Number(/connected_clients:(\d+)/.exec(await client.info('clients'))![1])
    expect(during - before).toBe(1)
    for (const stop of stops) stop()
    await store.close()
  })
})
