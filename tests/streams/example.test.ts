/** examples/resumable-redis.ts: an answer started on A resumes on B, with a real Redis. */
import { fetch } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { replyFor } from '../../examples/_shared/fake-model'
import { startRedis, type RedisServer } from '../helpers/redis'
import { startExample } from '../helpers/run-example'
import { readEvents, text } from './sse-read'

let redis: RedisServer
beforeAll(async () => {
  redis = await startRedis()
})
afterAll(async () => {
  await redis?.stop()
})

describe('examples/resumable-redis.ts', () => {
  it('resumes on instance B an answer cut on instance A, and exits on SIGTERM', async () => {
    const example = await startExample('examples/resumable-redis.ts', {
      REDIS_URL: redis.url,
      TOKEN_DELAY_MS: '5',
    })
    try {
      const urlB = `http://${/instance B listening on (127\.0\.0\.1:\d+)/.exec(example.output())![1]}`
      const page = await fetch(example.url)
      expect(await page.text()).toContain('Drop connection')
      const fromA = await fetch(`${example.url}/chat?id=t1&prompt=hi`)
      expect(fromA.headers.get('x-instance')).toBe('A')
      const head = await readEvents(fromA.body, (_, all) => all.length === 3)
      const fromB = await fetch(`${urlB}/chat?id=t1&lastEventId=${head.at(-1)!.id}`)
      expect(fromB.headers.get('x-instance')).toBe('B')
      const all = [...head, ...(await readEvents(fromB.body))]
      expect(text(all)).toBe(replyFor('hi'))
      expect(all.at(-1)!.data).toBe('{"reason":"complete"}')
    } finally {
      expect(await example.stop()).toBe(0)
    }
  })
})
