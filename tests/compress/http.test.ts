/**
 * compress() through every adapter's `compression` option, over real HTTP with real
 * decompressing clients: undici's fetch and curl --compressed. Also: SSE events arrive
 * compressed and on time, and a client that leaves mid-stream runs the source's `finally`
 * and closes the zlib handle.
 */
import { execFile } from 'node:child_process'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import zlib from 'node:zlib'
import { getRequestListener } from '@hono/node-server'
import express from 'express'
import { Hono } from 'hono'
import { Agent, fetch as undiciFetch } from 'undici'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { toExpressHandler } from '../../src/adapters/express'
import { honoHandler, prepareResponses } from '../../src/adapters/hono'
import { toNodeListener } from '../../src/adapters/node'
import { JSONResponse, SSEResponse, StreamingResponse } from '../../src/index'

type Listener = (req: IncomingMessage, res: ServerResponse) => void
type Handler = (request: Request) => Response

const DATA = {
  items: Array.from({ length: 2000 }, (_, i) => ({ id: i, name: `item ${i}`, tags: ['a', 'é'] })),
}
const JSON_TEXT = JSON.stringify(DATA)
const STREAM_PARTS = Array.from({ length: 20 }, (_, i) => `line ${i} `.repeat(40) + '\n')
const EVENTS = 10
/**
 * The bound between the server yielding an SSE event and the client having it, which the
 * median event must meet. Every event must arrive within MAX_LAG_MS: under CI load one event
 * took 170 ms with nothing wrong (the process waiting for a core), while an event the
 * compressor holds back never arrives at all, since the next one waits for it.
 */
const LAG_MS = 100
const MAX_LAG_MS = 1000

const agent = new Agent({ keepAliveTimeout: 10, pipelining: 0 })
const noError = vi.fn()

/** Per adapter: when each SSE event was sent, and how many events the client holds. */
interface SSERun {
  sent: number[]
  /** The client's count of events received, -1 until it has the response. */
  seen(count: number): void
}
const state = { cleaned: 0, sse: new Map<string, SSERun>() }

function routes(adapter: string): Handler {
  return (request) => {
    const path = new URL(request.url).pathname
    if (path === '/json') return new JSONResponse(DATA)
    if (path === '/stream') return new StreamingResponse(STREAM_PARTS, { mediaType: 'text/plain' })
    if (path === '/sse') {
      const sent: number[] = []
      let held = -1
      let wake = () => {}
      state.sse.set(adapter, {
        sent,
        seen: (count) => {
          held = count
          wake()
        },
      })
      return new SSEResponse(
        (async function* () {
          // At once, so what is timed below is event delivery, not connection set-up.
          yield { comment: 'ready' }
          for (let i = 0; i < EVENTS; i++) {
            // Each event waits until the client holds all before it: nothing follows it that
            // could push it out, so only a flush delivers it (a timed gap would not hold on a
            // loaded machine, where a lagging compressor rightly batches two ready events).
            while (held < i) await new Promise<void>((resolve) => (wake = resolve))
            sent.push(Date.now())
            yield { id: String(i), data: `event ${i} ` + 'payload '.repeat(20) }
          }
        })()
      )
    }
    // /endless: ticks until the client leaves.
    return new StreamingResponse(
      (async function* () {
        try {
          for (;;) {
            yield 'tick '.repeat(200)
            await new Promise((resolve) => setTimeout(resolve, 10))
          }
        } finally {
          state.cleaned++
        }
      })(),
      { mediaType: 'text/plain' }
    )
  }
}

const ADAPTERS: Record<string, (handler: Handler) => Listener> = {
  node: (handler) => toNodeListener(handler, { compression: true, onError: noError }) as Listener,
  express: (handler) => {
    const app = express()
    app.use(toExpressHandler(handler, { compression: true, onError: noError }))
    return app as unknown as Listener
  },
  hono: (handler) => {
    const app = new Hono()
    app.all('*', honoHandler(handler, { compression: true }))
    return getRequestListener(app.fetch, { overrideGlobalObjects: false }) as unknown as Listener
  },
  'hono middleware': (handler) => {
    const app = new Hono()
    app.use(prepareResponses({ compression: { threshold: 512 } }))
    app.all('*', (c) => handler(c.req.raw))
    return getRequestListener(app.fetch, { overrideGlobalObjects: false }) as unknown as Listener
  },
}

function curl(args: string[]): Promise<{ body: Buffer; headers: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      'curl',
      ['-sS', '--compressed', '-D', '-', ...args],
      { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
      (error, stdout) => {
        if (error) return reject(error)
        const end = stdout.indexOf('\r\n\r\n')
        const headers = stdout.subarray(0, end).toString('latin1').toLowerCase()
        resolve({ body: stdout.subarray(end + 4), headers })
      }
    )
  })
}

for (const [name, make] of Object.entries(ADAPTERS)) {
  describe(`compression option [${name}]`, () => {
    let server: Server
    let url = ''
    beforeAll(async () => {
      server = createServer(make(routes(name)))
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    })
    afterAll(async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    })

    it.each(['gzip', 'br', 'deflate'])(
      'undici fetch decodes %s JSON to the exact bytes',
      async (coding) => {
        const res = await undiciFetch(`${url}/json`, {
          headers: { 'accept-encoding': coding },
          dispatcher: agent,
        })
        expect(res.headers.get('content-encoding')).toBe(coding)
        expect(res.headers.get('vary')).toMatch(/accept-encoding/i)
        expect(await res.text()).toBe(JSON_TEXT)
      }
    )

    it.each(['gzip', 'br'])(
      'curl --compressed decodes a %s stream to the exact bytes',
      async (coding) => {
        const { body, headers } = await curl(['-H', `accept-encoding: ${coding}`, `${url}/stream`])
        expect(headers).toContain(`content-encoding: ${coding}`)
        expect(headers).not.toContain('content-length')
        expect(body.toString()).toBe(STREAM_PARTS.join(''))
      }
    )

    it("curl --compressed with curl's own Accept-Encoding gets br", async () => {
      const { body, headers } = await curl([`${url}/json`])
      expect(headers).toContain('content-encoding: br')
      expect(body.toString()).toBe(JSON_TEXT)
    })

    it('delivers each SSE event compressed, the median within 100 ms of its send time', async () => {
      const res = await undiciFetch(`${url}/sse`, {
        headers: { 'accept-encoding': 'gzip' },
        dispatcher: agent,
      })
      expect(res.headers.get('content-encoding')).toBe('gzip')
      const run = state.sse.get(name)!
      run.seen(0)
      const arrived: number[] = []
      const decoder = new TextDecoder()
      const reader = res.body!.getReader()
      let text = ''
      for (;;) {
        let timer: NodeJS.Timeout | undefined
        const { done, value } = await Promise.race([
          reader.read(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no event ${arrived.length}`)), MAX_LAG_MS)
          }),
        ]).finally(() => clearTimeout(timer))
        if (done) break
        text += decoder.decode(value, { stream: true })
        // Whole events only: the comment before them does not count.
        const blocks = text.split('\n\n').slice(0, -1)
        const count = blocks.filter((block) => !block.startsWith(':')).length
        while (arrived.length < count) arrived.push(Date.now())
        run.seen(count)
      }
      expect(arrived).toHaveLength(EVENTS)
      const lags = arrived.map((at, i) => at - run.sent[i]!)
      const report = `lags (ms): ${lags.join(', ')}`
      for (const lag of lags) expect(lag, report).toBeLessThan(MAX_LAG_MS)
      expect([...lags].sort((a, b) => a - b)[Math.floor(EVENTS / 2)], report).toBeLessThan(LAG_MS)
    })

    it('runs the source finally and closes the zlib handle when the client leaves', async () => {
      const created: { destroyed: boolean; _handle: unknown }[] = []
      const original = zlib.createGzip
      const spy = vi.spyOn(zlib, 'createGzip').mockImplementation((options) => {
        const stream = original(options)
        created.push(stream as never)
        return stream
      })
      try {
        const before = state.cleaned
        const controller = new AbortController()
        const res = await undiciFetch(`${url}/endless`, {
          headers: { 'accept-encoding': 'gzip' },
          dispatcher: agent,
          signal: controller.signal,
        })
        const reader = res.body!.getReader()
        await reader.read()
        await reader.read()
        controller.abort()
        await vi.waitFor(() => expect(state.cleaned).toBe(before + 1), { timeout: 5000 })
        expect(created).toHaveLength(1)
        await vi.waitFor(() => {
          expect(created[0]!.destroyed).toBe(true)
          expect(created[0]!._handle).toBe(null)
        })
      } finally {
        spy.mockRestore()
      }
    })
  })
}

afterAll(() => {
  expect(noError).not.toHaveBeenCalled()
})
