import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve as honoServe } from '@hono/node-server'
import express from 'express'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toExpressHandler } from '../../src/adapters/express'
import { toHonoHandler } from '../../src/adapters/hono'
import { FileResponse } from '../../src/file'
import { expectBytes, makeFixture, type Fixture } from './fixture'

let fx: Fixture
const servers: Server[] = []
const urls: Record<'express' | 'hono', string> = { express: '', hono: '' }

function listen(server: Server): Promise<string> {
  servers.push(server)
  return new Promise((resolve) => {
    const done = () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
    if (server.listening) done()
    else server.once('listening', done)
  })
}

beforeAll(async () => {
  fx = await makeFixture()
  const handler = (request: Request) =>
    new FileResponse(new URL(request.url).pathname.split('/').pop()!, { root: fx.root })
  const app = express()
  app.get('/files/:name', toExpressHandler(handler))
  urls.express = await listen(app.listen(0, '127.0.0.1'))
  const hono = new Hono()
  hono.get('/files/:name', toHonoHandler(handler))
  urls.hono = await listen(
    honoServe({ fetch: hono.fetch, port: 0, hostname: '127.0.0.1' }) as unknown as Server
  )
})

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections?.()
    await new Promise((r) => server.close(r))
  }
  await fx?.cleanup()
})

describe('FileResponse', () => {
  describe.each(['express', 'hono'] as const)('through the %s adapter', (name) => {
    it('returns 206 with the requested bytes', async () => {
      const res = await fetch(`${urls[name]}/files/data.bin`, {
        headers: { range: 'bytes=10-70009' },
      })
      expect(res.status).toBe(206)
      expect(res.headers.get('content-range')).toBe(`bytes 10-70009/${fx.data.byteLength}`)
      expectBytes(await res.arrayBuffer(), fx.data.subarray(10, 70010))
    })

    it('returns 304 for a matching If-None-Match', async () => {
      const etag = (await fetch(`${urls[name]}/files/hello.txt`, { method: 'HEAD' })).headers.get(
        'etag'
      )!
      const res = await fetch(`${urls[name]}/files/hello.txt`, {
        headers: { 'if-none-match': etag },
      })
      expect(res.status).toBe(304)
    })

    it('answers a missing file with 404', async () => {
      const res = await fetch(`${urls[name]}/files/missing.bin`)
      expect(res.status).toBe(404)
      expect(await res.json()).toEqual({ detail: 'Not Found' })
    })
  })
})
