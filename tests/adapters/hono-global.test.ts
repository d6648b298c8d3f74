/**
 * Hono under @hono/node-server with its default global override (`Request`/`Response`
 * replaced by its lightweight classes). Its own file: the override changes globals for the
 * whole worker.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import { Hono } from 'hono'
import { fetch } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toHonoHandler } from '../../src/adapters/hono'
import { JSONResponse } from '../../src/json'
import { PlainTextResponse } from '../../src/plain-text'
import { BaseResponse } from '../../src/response'
import { StreamingResponse } from '../../src/streaming'

const NativeResponse = globalThis.Response
let server: Server
let url: string
let finallyRan: Promise<void>
let markFinally: () => void

class EchoHeaderResponse extends BaseResponse {
  override prepare(request: Request): Response {
    return new PlainTextResponse(`prepared:${request.headers.get('x-echo')}`)
  }
}

beforeAll(async () => {
  finallyRan = new Promise((resolve) => (markFinally = resolve))
  const app = new Hono()
  app.get(
    '/json',
    toHonoHandler(() => new JSONResponse({ ok: true }).setCookie('a', '1'))
  )
  app.get(
    '/prepared',
    toHonoHandler(() => new EchoHeaderResponse('unprepared'))
  )
  app.get(
    '/endless',
    toHonoHandler(() => {
      async function* ticks() {
        try {
          for (;;) {
            yield 'tick\n'
            await new Promise((resolve) => setTimeout(resolve, 5))
          }
        } finally {
          markFinally()
        }
      }
      return new StreamingResponse(ticks())
    })
  )
  server = createServer(getRequestListener(app.fetch))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

describe('toHonoHandler', () => {
  describe('under @hono/node-server with its global override', () => {
    it('runs with the globals replaced', () => {
      expect(globalThis.Response).not.toBe(NativeResponse)
    })

    it('sends a JSONResponse with its cookie', async () => {
      const res = await fetch(`${url}/json`)
      expect(res.headers.get('content-type')).toBe('application/json')
      expect(res.headers.getSetCookie()).toEqual(['a=1; Path=/; SameSite=Lax'])
      expect(await res.json()).toEqual({ ok: true })
    })

    it('prepares the response against the request', async () => {
      const res = await fetch(`${url}/prepared`, { headers: { 'x-echo': 'global' } })
      expect(await res.text()).toBe('prepared:global')
    })

    it("runs an endless generator's finally within 1 s when the client aborts", async () => {
      const controller = new AbortController()
      const res = await fetch(`${url}/endless`, { signal: controller.signal })
      const reader = res.body!.getReader()
      await reader.read()
      controller.abort()
      await Promise.race([
        finallyRan,
        new Promise((_, reject) => setTimeout(() => reject(new Error('no finally in 1 s')), 1000)),
      ])
    })
  })
})
