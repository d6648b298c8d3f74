/** Channels across three processes sharing one real Redis, with 1,000 subscribers. */
import { Agent, fetch } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRedis, type RedisServer } from '../helpers/redis'
import { startInstance, type Instance } from './instances'
import { readEvents } from './sse-read'

let redis: RedisServer
let instances: Instance[] = []
const agent = new Agent({ connections: null, pipelining: 0 })

beforeAll(async () => {
  redis = await startRedis()
  instances = await Promise.all(
    ['redis', 'ioredis', 'redis'].map((CLIENT) => startInstance({ REDIS_URL: redis.url, CLIENT }))
  )
})

afterAll(async () => {
  await agent.close()
  await Promise.all(instances.map((instance) => instance.stop()))
  await redis?.stop()
})

describe('channel across instances', () => {
  it('delivers every broadcast exactly once and in order to 1,000 subscribers on 3 instances', async () => {
    const SUBSCRIBERS = 1000
    const BROADCASTS = 20
    const responses = await Promise.all(
      Array.from({ length: SUBSCRIBERS }, (_, i) =>
        fetch(`${instances[i % 3]!.url}/channel/fan`, { dispatcher: agent })
      )
    )
    expect(responses.every((res) => res.status === 200)).toBe(true)
    const received = responses.map((res) =>
      readEvents(res.body, (_, all) => all.length === BROADCASTS)
    )
    for (let i = 0; i < BROADCASTS; i++) {
      const res = await fetch(`${instances[i % 3]!.url}/broadcast/fan?data=b${i}`, {
        method: 'POST',
        dispatcher: agent,
      })
      await res.text()
    }
    const all = await Promise.all(received)
    const want = Array.from({ length: BROADCASTS }, (_, i) => `b${i}`)
    for (const events of all) {
      expect(events.map((e) => e.data)).toEqual(want)
      const ids = events.map((e) => Number(e.id))
      expect(ids).toEqual(ids.map((_, i) => ids[0]! + i))
    }
  })

  // Last: it empties Redis.
  it('sends subscribers a gap marked lost when Redis restarts empty, then goes on', async () => {
    const res = await fetch(`${instances[0]!.url}/channel/restart`, { dispatcher: agent })
    const events = readEvents(res.body, (event) => event.data === 'after')
    const post = (data: string, on: Instance) =>
      fetch(`${on.url}/broadcast/restart?data=${data}`, { method: 'POST', dispatcher: agent })
    await (await post('before', instances[1]!)).text()
    await redis.restart()
    // The instances' clients reconnect by themselves; retry the broadcast until one does.
    for (let ok = false; !ok;) {
      const answer = await post('after', instances[2]!)
      ok = answer.status === 200
      await answer.text()
      if (!ok) await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const got = await events
    expect(got.map((e) => [e.event, e.data])).toEqual([
      [undefined, 'before'],
      ['gap', expect.stringContaining('"reason":"lost"')],
      [undefined, 'after'],
    ])
  })
})
