import { readdirSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { Agent, get } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FileResponse } from '../../src/file'
import type { TestServer } from '../helpers/serve'
import { makeFixture, serveNode, type Fixture } from './fixture'

const openFds = () => readdirSync('/proc/self/fd').length
let fx: Fixture
let server: TestServer

beforeAll(async () => {
  fx = await makeFixture()
  // 2 MiB: far more than one socket write, so an abort after the first chunk is mid-body.
  await writeFile(join(fx.root, 'big.bin'), new Uint8Array(2 * 1024 * 1024).fill(7))
  server = await serveNode((request) => {
    const name = new URL(request.url).pathname.slice(1)
    return new FileResponse(name, { root: fx.root })
  })
})

afterAll(async () => {
  await server?.close()
  await fx?.cleanup()
})

/** One request; `abort` destroys it after the first body chunk. Resolves with bytes seen. */
function one(agent: Agent, abort: boolean, range: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers = range ? { range: 'bytes=0-9,100-70000' } : {}
    // Aborted requests read the 2 MiB file, completed ones the 200 KiB one (keeps the test fast).
    const path = abort ? '/big.bin' : '/data.bin'
    const req = get(server.url + path, { agent, headers }, (res) => {
      let seen = 0
      res.on('data', (chunk: Buffer) => {
        seen += chunk.byteLength
        if (abort) {
          req.destroy()
          resolve(seen)
        }
      })
      res.on('end', () => resolve(seen))
      res.on('error', () => resolve(seen))
    })
    req.on('error', (error) => (abort ? resolve(0) : reject(error)))
  })
}

async function settle(limit: number): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const count = openFds()
    if (count <= limit) return count
    await new Promise((r) => setTimeout(r, 50))
  }
  return openFds()
}

describe('FileResponse', () => {
  describe('file descriptors', () => {
    it('holds no more open fds after 1,000 requests, half aborted mid-body', async () => {
      const agent = new Agent({ keepAlive: false, maxSockets: 16 })
      await one(agent, false, false) // warm up lazy imports and the server
      const before = openFds()
      let completed = 0
      for (let batch = 0; batch < 1000; batch += 50) {
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) => one(agent, (batch + i) % 2 === 1, i % 10 === 0))
        )
        completed += results.filter((n) => n > 2000).length
      }
      agent.destroy()
      expect(completed).toBeGreaterThanOrEqual(500)
      expect(await settle(before)).toBeLessThanOrEqual(before)
    })
  })
})
