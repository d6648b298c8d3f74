/**
 * Bounded stress checks for response-kit/node, with the server in a child process so only
 * its memory and fds are measured: a slow reader must not make the server buffer, and a soak
 * of mixed requests must leave no generator open, no fd and no memory behind. The bounds come
 * from the issue; nothing here asserts a timing.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { get } from 'node:http'
import { fileURLToPath } from 'node:url'
import { Agent, request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const MB = 1024 * 1024
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

interface Stats {
  rss: number
  heap: number
  fds: number
  connections: number
  started: number
  finished: number
}

let child: ChildProcess
let url: string

function stats(): Promise<Stats> {
  return new Promise((resolve) => {
    child.once('message', (message) => resolve(message as Stats))
    child.send('stats')
  })
}

/** Waits until the server has no connection and every generator it started has finished. */
async function quiet(): Promise<Stats> {
  let current = await stats()
  // Up to 5 s: on a loaded machine closing a few hundred sockets takes a while.
  for (let i = 0; i < 250 && (current.connections > 0 || current.finished < current.started); i++) {
    await sleep(20)
    current = await stats()
  }
  return current
}

beforeAll(async () => {
  child = fork(fileURLToPath(new URL('./stress-server.ts', import.meta.url)), {
    // A fixed young generation: V8 grows it to 32 MB under allocation pressure and keeps it,
    // which would read as RSS growth without any object being retained.
    execArgv: ['--import', 'tsx', '--expose-gc', '--max-semi-space-size=2'],
    // A fixed mmap threshold: 64 KiB chunks are returned to the OS when freed, so RSS shows
    // what the server holds rather than what glibc keeps cached (its threshold is dynamic).
    env: { ...process.env, MALLOC_MMAP_THRESHOLD_: '65536' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const { port } = await new Promise<{ port: number }>((resolve) =>
    child.once('message', (message) => resolve(message as { port: number }))
  )
  url = `http://127.0.0.1:${port}`
}, 30_000)

afterAll(() => {
  child.kill()
})

describe('toNodeListener', () => {
  describe('slow reader', () => {
    it('grows server RSS by less than 32 MB while a client reads 256 MiB at about 8 MB/s', async () => {
      const baseline = (await stats()).rss
      let peak = baseline
      let sampling = true
      const sampler = (async () => {
        while (sampling) {
          peak = Math.max(peak, (await stats()).rss)
          await sleep(100)
        }
      })()
      const total = await new Promise<number>((resolve, reject) => {
        get(`${url}/big`, (res) => {
          const started = Date.now()
          let received = 0
          let slow = true
          // Slow phase: 3 s at 8 MB/s (24 MB read while the server could make all 256 MiB).
          setTimeout(() => {
            slow = false
            sampling = false
          }, 3000)
          res.on('data', (chunk: Buffer) => {
            received += chunk.length
            if (!slow) return
            const ahead = received / 8e6 - (Date.now() - started) / 1000
            if (ahead > 0) {
              res.pause()
              setTimeout(() => res.resume(), ahead * 1000)
            }
          })
          res.on('end', () => resolve(received))
          res.on('error', reject)
        }).on('error', reject)
      })
      await sampler
      expect(total).toBe(256 * MB)
      expect(peak - baseline).toBeLessThan(32 * MB)
    }, 30_000)
  })

  describe('soak', () => {
    it('leaves no generator open, no fd and no memory behind after 10,000 mixed requests', async () => {
      let agent = new Agent({ connections: 32 })
      const one = async (i: number): Promise<void> => {
        const kind = i % 10
        if (kind < 7) {
          const res = await request(`${url}/json`, { dispatcher: agent })
          expect(await res.body.json()).toEqual({ ok: true, path: '/json' })
        } else if (kind < 9) {
          // Aborted mid-stream: read the first chunk of an endless stream, then leave.
          const controller = new AbortController()
          const res = await request(`${url}/endless`, {
            dispatcher: agent,
            signal: controller.signal,
          })
          await new Promise((resolve) => res.body.once('data', resolve))
          controller.abort()
          await new Promise((resolve) => res.body.once('close', resolve))
        } else {
          // Slow read: a pause after every chunk of a finite 256 KiB stream.
          const res = await request(`${url}/small-stream`, { dispatcher: agent })
          let size = 0
          for await (const chunk of res.body) {
            size += (chunk as Buffer).length
            await sleep(1)
          }
          expect(size).toBe(256 * 1024)
        }
      }
      const start = await quiet()
      await run(1000, one) // warm-up: JIT code, pools and buffers exist before the baseline
      await agent.close()
      const before = await quiet()

      agent = new Agent({ connections: 32 })
      await run(10_000, one)
      await agent.close()
      const after = await quiet()

      const figures = JSON.stringify({ start, before, after })
      expect(after.started, figures).toBeGreaterThanOrEqual(before.started + 3000)
      expect(after.finished, figures).toBe(after.started)
      expect(after.fds, figures).toBeLessThanOrEqual(start.fds)
      expect(after.heap - before.heap, figures).toBeLessThan(1 * MB)
      expect(after.rss - before.rss, figures).toBeLessThan(10 * MB)
      const check = await request(`${url}/json`)
      expect(await check.body.json()).toEqual({ ok: true, path: '/json' })
    }, 60_000)
  })
})

/** Runs `count` requests through `one`, 32 at a time. */
async function run(count: number, one: (i: number) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < count) await one(next++)
  }
  await Promise.all(Array.from({ length: 32 }, worker))
}
