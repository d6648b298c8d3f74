/**
 * FileResponse in eager mode, the mode of Bun, Deno, workerd and edge-runtime, where the body
 * reaches the native `Response` at construction: the file must still open only when read.
 */
import { readdirSync, readlinkSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { expectBytes, makeFixture, type Fixture } from './fixture'

// The mode is fixed when src/internal/mode.ts loads: load a fresh copy with the switch set.
vi.resetModules()
const FLAG = Symbol.for('response-kit.lazy')
;(globalThis as Record<symbol, unknown>)[FLAG] = false
const { FileResponse } = await import('../../src/file')
const { LAZY } = await import('../../src/internal/core/mode')
delete (globalThis as Record<symbol, unknown>)[FLAG]

let fx: Fixture
beforeAll(async () => {
  fx = await makeFixture()
})
afterAll(async () => {
  await fx?.cleanup()
})

const openFiles = (root: string) =>
  readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).startsWith(root)
    } catch {
      return false
    }
  }).length

describe('FileResponse', () => {
  describe('in eager mode', () => {
    it('runs in eager mode', () => {
      expect(LAZY).toBe(false)
    })

    it('opens a path only when the body is read, for the unprepared and the prepared response', async () => {
      const path = join(fx.root, 'data.bin')
      const res = new FileResponse(path)
      const prepared = await res.prepare(
        new Request('http://x/', { headers: { range: 'bytes=0-99,-50' } })
      )
      await new Promise((r) => setTimeout(r, 20))
      expect(openFiles(fx.root)).toBe(0)
      const body = Buffer.from(await prepared.arrayBuffer())
      expect(prepared.status).toBe(206)
      expect(body.byteLength).toBe(Number(prepared.headers.get('content-length')))
      expectBytes(await res.arrayBuffer(), fx.data)
      expect(openFiles(fx.root)).toBe(0)
    })

    it('answers ranges, 304 and HEAD on a Blob like in lazy mode', async () => {
      const blob = new Blob(['abcdefgh'], { type: 'text/plain' })
      const ranged = await new FileResponse(blob, { mtime: 0 }).prepare(
        new Request('http://x/', { headers: { range: 'bytes=-3' } })
      )
      expect(ranged.status).toBe(206)
      expect(await ranged.text()).toBe('fgh')
      const etag = ranged.headers.get('etag')!
      const cached = await new FileResponse(blob, { mtime: 0 }).prepare(
        new Request('http://x/', { headers: { 'if-none-match': etag } })
      )
      expect(cached.status).toBe(304)
      const head = await new FileResponse(blob).prepare(
        new Request('http://x/', { method: 'HEAD' })
      )
      expect(head.body).toBeNull()
      expect(head.headers.get('content-length')).toBe('8')
    })
  })
})
