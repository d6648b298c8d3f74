/**
 * Path bodies read into buffers the Node writer gives back once their write completed: a large
 * download allocates a few buffers, not one per chunk, and the bytes stay exact even when the
 * client reads slowly (a buffer reused before its write completed would corrupt the body).
 */
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { toNodeListener } from '../../src/adapters/node'
import { FileResponse } from '../../src/file'

const SIZE = 12 * 1024 * 1024
let dir: string
let data: Buffer
let server: Server
let url: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rk-reuse-'))
  data = randomBytes(SIZE)
  writeFileSync(join(dir, 'data.bin'), data)
  server = createServer(toNodeListener(() => new FileResponse('data.bin', { root: dir })))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
  rmSync(dir, { recursive: true, force: true })
})

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

describe('FileResponse read buffers through the Node writer', () => {
  it('sends the exact bytes to a slow reader while allocating only a few buffers', async () => {
    const allocate = vi.spyOn(Buffer, 'allocUnsafeSlow')
    try {
      const res = await fetch(url)
      const reader = res.body!.getReader()
      const hash = createHash('sha256')
      let received = 0
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        hash.update(value)
        received += value.byteLength
        // A slow client: the server's writes back up, so its buffers are still in flight.
        if (received % (1024 * 1024) < value.byteLength) await new Promise((r) => setTimeout(r, 5))
      }
      expect(received).toBe(SIZE)
      expect(hash.digest('hex')).toBe(sha(data))
      // 64 KiB doubling to 512 KiB: about 28 reads for 12 MiB; reuse keeps new buffers few.
      const reads = allocate.mock.calls.filter(([size]) => size >= 64 * 1024).length
      expect(reads).toBeLessThan(12)
    } finally {
      allocate.mockRestore()
    }
  })

  it('gives a ReadableStream reader fresh buffers it may keep', async () => {
    const body = await new FileResponse('data.bin', { root: dir }).prepare(new Request(url))
    const chunks: Uint8Array[] = []
    const reader = body.body!.getReader()
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value)
    const kept = new Set(chunks.map((chunk) => chunk.buffer))
    expect(kept.size).toBe(chunks.length)
    expect(sha(Buffer.concat(chunks))).toBe(sha(data))
  })
})
