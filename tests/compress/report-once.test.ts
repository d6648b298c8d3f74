/**
 * A source that fails mid-stream behind compression is reported once, as it is without
 * compression (docs/architecture.md, "Errors: where they go"): to the response's `onError`,
 * else the adapter's, never also to response-kit's `console.error` fallback. Over real HTTP
 * through each adapter.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import express from 'express'
import { Hono } from 'hono'
import { Agent, request } from 'undici'
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest'
import { toExpressHandler } from '../../src/adapters/express'
import { toHonoHandler } from '../../src/adapters/hono'
import { toNodeListener } from '../../src/adapters/node'
import type { ErrorHandler } from '../../src/index'
import { SSEResponse, StreamingResponse } from '../../src/index'

type Listener = (req: IncomingMessage, res: ServerResponse) => void
type Handler = (request: Request) => Response

const agent = new Agent({ keepAliveTimeout: 10, pipelining: 0 })
const BOOM = new Error('boom mid-stream')

async function* failing() {
  yield 'first chunk '.repeat(200)
  await new Promise((resolve) => setTimeout(resolve, 20))
  throw BOOM
}

const ADAPTERS: Record<string, (handler: Handler, onError: ErrorHandler) => Listener> = {
  node: (handler, onError) => toNodeListener(handler, { compression: true, onError }) as Listener,
  express: (handler, onError) => {
    const app = express()
    app.use(toExpressHandler(handler, { compression: true, onError }))
    return app as unknown as Listener
  },
  hono: (handler, onError) => {
    const app = new Hono()
    app.all('*', toHonoHandler(handler, { compression: true, onError }))
    return getRequestListener(app.fetch, { overrideGlobalObjects: false }) as unknown as Listener
  },
}

async function serveOnce(listener: Listener): Promise<{ url: string; server: Server }> {
  const server = createServer(listener)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

/** Reads the compressed response to its (broken) end; the error is the server's to report. */
async function readAll(url: string): Promise<void> {
  const res = await request(url, { headers: { 'accept-encoding': 'gzip' }, dispatcher: agent })
  expect(res.headers['content-encoding']).toBe('gzip')
  await res.body.arrayBuffer().catch(() => {})
}

let consoleError: MockInstance<typeof console.error>

/**
 * response-kit's own fallback reports (`[response-kit] stream error:`). @hono/node-server
 * logs a failed body itself, with or without compression: that line is Hono's, not ours.
 */
function ourConsoleReports(): unknown[][] {
  return consoleError.mock.calls.filter((call) => String(call[0]).startsWith('[response-kit]'))
}
beforeEach(() => {
  consoleError = vi.spyOn(console, 'error').mockImplementation(() => {})
})
afterEach(() => {
  consoleError.mockRestore()
})

for (const [name, make] of Object.entries(ADAPTERS)) {
  describe(`a failing source behind compression [${name}]`, () => {
    it("is reported once, to the adapter's onError", async () => {
      const adapterError = vi.fn()
      const { url, server } = await serveOnce(
        make(() => new StreamingResponse(failing(), { mediaType: 'text/plain' }), adapterError)
      )
      try {
        await readAll(url)
        await expect.poll(() => adapterError.mock.calls.length).toBe(1)
        // Give a second report the time it would need to show up.
        await new Promise((resolve) => setTimeout(resolve, 100))
        expect(adapterError).toHaveBeenCalledTimes(1)
        expect(adapterError.mock.calls[0]![0]).toBe(BOOM)
        expect(ourConsoleReports()).toEqual([])
      } finally {
        server.closeAllConnections()
        server.close()
      }
    })

    it("is reported once, to the response's own onError when it has one", async () => {
      const adapterError = vi.fn()
      const ownError = vi.fn()
      const { url, server } = await serveOnce(
        make(
          () => new StreamingResponse(failing(), { mediaType: 'text/plain', onError: ownError }),
          adapterError
        )
      )
      try {
        await readAll(url)
        await expect.poll(() => ownError.mock.calls.length).toBe(1)
        await new Promise((resolve) => setTimeout(resolve, 100))
        expect(ownError).toHaveBeenCalledTimes(1)
        expect(adapterError).not.toHaveBeenCalled()
        expect(ourConsoleReports()).toEqual([])
      } finally {
        server.closeAllConnections()
        server.close()
      }
    })

    it('still reports an SSE failure that its errorEvent answered, once', async () => {
      const adapterError = vi.fn()
      const ownError = vi.fn()
      const { url, server } = await serveOnce(
        make(
          () =>
            new SSEResponse(failing(), {
              onError: ownError,
              errorEvent: { event: 'error', data: 'failed' },
            }),
          adapterError
        )
      )
      try {
        const res = await request(url, {
          headers: { 'accept-encoding': 'gzip' },
          dispatcher: agent,
        })
        expect(res.headers['content-encoding']).toBe('gzip')
        // The body decodes and ends cleanly with the error event.
        const text = Buffer.from(await res.body.arrayBuffer())
        const { gunzipSync } = await import('node:zlib')
        expect(gunzipSync(text).toString()).toContain('event: error\ndata: failed')
        await expect.poll(() => ownError.mock.calls.length).toBe(1)
        await new Promise((resolve) => setTimeout(resolve, 100))
        expect(ownError).toHaveBeenCalledTimes(1)
        expect(ownError.mock.calls[0]![0]).toBe(BOOM)
        expect(adapterError).not.toHaveBeenCalled()
        expect(ourConsoleReports()).toEqual([])
      } finally {
        server.closeAllConnections()
        server.close()
      }
    })
  })
}
