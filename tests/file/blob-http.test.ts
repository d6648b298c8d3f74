/**
 * `FileResponse` over a `Blob` (in memory, and `fs.openAsBlob` on disk) through the Node, Express
 * and Hono adapters over real HTTP, compression on: a one-range answer renders a Blob slice,
 * which the Node writer pumps (issue #11).
 */
import { openAsBlob } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, get, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { getRequestListener } from '@hono/node-server'
import express from 'express'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { toExpressHandler } from '../../src/adapters/express'
import { toHonoHandler } from '../../src/adapters/hono'
import { toNodeListener } from '../../src/adapters/node'
import { FileResponse } from '../../src/file'
import { BaseResponse, type RenderedBody } from '../../src/response'
import { expectBytes } from './fixture'

const TEXT = new TextEncoder().encode('a line of compressible text\n'.repeat(10_000))
const BIG = 32 * 1024 * 1024
const MTIME = Date.UTC(2024, 0, 1)

/**
 * A Blob whose stream says when it is cancelled (a client leaving mid-body). Node's in-memory
 * Blob streams its bytes in one chunk; this one hands them out 64 KiB per pull, as a file does.
 */
class WatchedBlob extends Blob {
  static cancelled = 0
  override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
    const reader = super.stream().getReader()
    let rest: Uint8Array<ArrayBuffer> | undefined
    return new ReadableStream({
      async pull(controller) {
        if (rest === undefined || rest.byteLength === 0) {
          const { done, value } = await reader.read()
          if (done) return controller.close()
          rest = value
        }
        controller.enqueue(rest.subarray(0, 65536))
        rest = rest.subarray(65536)
      },
      cancel(reason) {
        WatchedBlob.cancelled++
        return reader.cancel(reason)
      },
    })
  }
}

class WatchedResponse extends BaseResponse {
  static override mediaType = 'application/octet-stream'
  static override render(content: unknown): RenderedBody {
    return content as Blob
  }
}

let dir: string
let textPath: string
let brokenPath: string
const errors: unknown[] = []

async function handler(request: Request): Promise<Response> {
  const name = new URL(request.url).pathname.slice(1)
  const init = { mtime: MTIME, onError: (e: unknown) => void errors.push(e) }
  if (name === 'mem') return new FileResponse(new Blob([TEXT], { type: 'text/plain' }), init)
  if (name === 'disk')
    return new FileResponse(await openAsBlob(textPath), { ...init, mediaType: 'text/plain' })
  if (name === 'watched') return new WatchedResponse(new WatchedBlob([new Uint8Array(BIG)]))
  if (name === 'broken') {
    // openAsBlob fails its reads once the file changed after it was opened.
    const blob = await openAsBlob(brokenPath)
    await writeFile(brokenPath, 'changed')
    return new FileResponse(blob, init)
  }
  return new Response('no route', { status: 404 })
}

type Name = 'node' | 'express' | 'hono'
const urls: Record<Name, string> = { node: '', express: '', hono: '' }
const servers: Server[] = []

function listener(name: Name) {
  if (name === 'node') return toNodeListener(handler, { compression: true })
  if (name === 'express') {
    const app = express()
    app.use(toExpressHandler(handler, { compression: true }))
    return app
  }
  const app = new Hono()
  app.all('*', toHonoHandler(handler, { compression: true }))
  return getRequestListener(app.fetch, { overrideGlobalObjects: false })
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rk-blob-'))
  textPath = join(dir, 'text.txt')
  brokenPath = join(dir, 'broken.bin')
  await writeFile(textPath, TEXT)
  for (const name of ['node', 'express', 'hono'] as const) {
    const server = createServer(listener(name) as Parameters<typeof createServer>[0] & object)
    servers.push(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    urls[name] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  }
})

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections()
    await new Promise((r) => server.close(r))
  }
  await rm(dir, { recursive: true, force: true })
})

/** One GET with node:http (no automatic decompression); `abort` leaves after the first chunk. */
function one(
  url: string,
  headers: Record<string, string> = {},
  abort = false
): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer; complete: boolean }> {
  return new Promise((resolve, reject) => {
    const req = get(url, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      const done = (complete: boolean) =>
        resolve({
          status: res.statusCode!,
          headers: res.headers,
          body: Buffer.concat(chunks),
          complete,
        })
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk)
        if (abort) {
          req.destroy()
          done(false)
        }
      })
      res.on('end', () => done(res.complete))
      res.on('error', () => done(false))
      res.on('aborted', () => done(false))
    })
    req.on('error', (error) => (abort ? undefined : reject(error)))
  })
}

describe('FileResponse', () => {
  describe.each(['node', 'express', 'hono'] as const)('with a Blob source through %s', (name) => {
    it.each(['mem', 'disk'])('sends the whole %s Blob, compressed when asked', async (path) => {
      const plain = await one(`${urls[name]}/${path}`)
      expect(plain.status).toBe(200)
      expect(plain.headers['content-length']).toBe(String(TEXT.byteLength))
      expect(plain.headers['content-type']).toBe('text/plain; charset=utf-8')
      expectBytes(plain.body, TEXT)
      const gzip = await one(`${urls[name]}/${path}`, { 'accept-encoding': 'gzip' })
      expect(gzip.status).toBe(200)
      expect(gzip.headers['content-encoding']).toBe('gzip')
      expect(gzip.body.byteLength).toBeLessThan(TEXT.byteLength / 10)
      expectBytes(gunzipSync(gzip.body), TEXT)
    })

    it.each(['mem', 'disk'])('answers a Range and If-None-Match on the %s Blob', async (path) => {
      const ranged = await one(`${urls[name]}/${path}`, {
        range: 'bytes=1000-70999',
        'accept-encoding': 'gzip',
      })
      expect(ranged.status).toBe(206)
      expect(ranged.headers['content-range']).toBe(`bytes 1000-70999/${TEXT.byteLength}`)
      expect(ranged.headers['content-length']).toBe('70000')
      expect(ranged.headers['content-encoding']).toBeUndefined()
      expectBytes(ranged.body, TEXT.subarray(1000, 71000))
      const etag = String(ranged.headers.etag)
      const cached = await one(`${urls[name]}/${path}`, { 'if-none-match': etag })
      expect(cached.status).toBe(304)
      expect(cached.body.byteLength).toBe(0)
    })

    it('cancels the Blob stream when the client leaves mid-body', async () => {
      const before = WatchedBlob.cancelled
      const cut = await one(`${urls[name]}/watched`, {}, true)
      expect(cut.complete).toBe(false)
      expect(cut.body.byteLength).toBeLessThan(BIG)
      await vi.waitFor(() => expect(WatchedBlob.cancelled).toBe(before + 1))
    })

    it('never sends a failed Blob as a complete 200, and reports it once', async () => {
      await writeFile(brokenPath, new Uint8Array(BIG))
      errors.length = 0
      // Node and Express send the head, then break the response (or the socket before the head
      // left); under Hono, @hono/node-server reads the first chunk before the head, answers 500
      // and logs the failure itself with console.error: the Blob went to it as a native body.
      const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
      const loggedBlobFailure = () =>
        logged.mock.calls.flat().some((arg) => String(arg).includes('NotReadable'))
      let reply: Awaited<ReturnType<typeof one>> | null
      try {
        reply = await one(`${urls[name]}/broken`).catch(() => null)
        if (name === 'hono') await vi.waitFor(() => expect(loggedBlobFailure()).toBe(true))
      } finally {
        logged.mockRestore()
      }
      if (reply !== null) expect(reply.complete && reply.status === 200).toBe(false)
      if (name === 'hono') return expect(reply?.status).toBe(500)
      await vi.waitFor(() => expect(errors).toHaveLength(1))
      await new Promise((r) => setTimeout(r, 50))
      expect(errors).toHaveLength(1)
    })
  })
})
