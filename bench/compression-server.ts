/**
 * One contender of bench/compression.bench.ts, in its own process (pinned to core 0 by the
 * bench, so its CPU time is its own): `node compression-server.mjs <name>`. Prints
 * `{"port":…}` on stdout; exits on SIGTERM or when the bench goes away (its IPC channel closes).
 * Environment: `MB` (JSON body size, default 10) and `EVENTS` (fast SSE event count).
 *
 * Contenders (each serves what it can of the routes below):
 * - `rk`: response-kit's `toNodeListener(handler, { compression: true })`;
 * - `rk-plain`: the same handler without compression (the SSE baseline, the identity bytes);
 * - `express`: Express 5 with the `compression` middleware (defaults: gzip level 6, brotli
 *   quality 4, as response-kit's);
 * - `hono`: Hono with `compress()` (gzip through CompressionStream) on @hono/node-server.
 *
 * Routes: `/json` (about MB megabytes of JSON, serialized per request by each framework's own
 * JSON helper), `/sse` (EVENTS small events as fast as the client reads, response-kit only),
 * `/slow-sse` (10 events 200 ms apart, each carrying the server's `Date.now()` when it was
 * written) and, for Express, `/slow-sse-flush` (the same with `res.flush()` after each event).
 */
import { createServer, type RequestListener } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import compression from 'compression'
import express, { type Response as ExpressResponse } from 'express'
import { Hono } from 'hono'
import { compress as honoCompress } from 'hono/compress'
import { streamSSE } from 'hono/streaming'
import { toNodeListener } from '../src/adapters/node'
import { JSONResponse, PlainTextResponse, SSEResponse } from '../src/index'

const MB = Number(process.env.MB ?? 10)
const EVENTS = Number(process.env.EVENTS ?? 100_000)
const SLOW_EVENTS = 10
const SLOW_GAP_MS = 200

/** Rows of a typical API listing, up to MB megabytes once serialized. */
const DATA: unknown[] = []
for (let i = 0, size = 0; size < MB * 1024 * 1024; i++) {
  const row = { id: i, name: `item ${i}`, score: (i * 37) % 1000, tags: ['alpha', 'beta'] }
  DATA.push(row)
  size += JSON.stringify(row).length + 1
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const slowEvent = (i: number) => JSON.stringify({ i, sentAt: Date.now(), token: `token ${i}` })

async function* tokens(): AsyncGenerator<{ data: string }> {
  for (let i = 0; i < EVENTS; i++) yield { data: JSON.stringify({ token: `token ${i} `, i }) }
}

async function* slowTokens(): AsyncGenerator<{ data: string }> {
  for (let i = 0; i < SLOW_EVENTS; i++) {
    await sleep(SLOW_GAP_MS)
    yield { data: slowEvent(i) }
  }
}

function responseKit(compressed: boolean): RequestListener {
  const handler = (request: Request): Response => {
    const path = new URL(request.url).pathname
    if (path === '/json') return new JSONResponse(DATA)
    if (path === '/sse') return new SSEResponse(tokens(), { ping: 0 })
    if (path === '/slow-sse') return new SSEResponse(slowTokens(), { ping: 0 })
    return new PlainTextResponse('not found', { status: 404 })
  }
  return toNodeListener(handler, { compression: compressed }) as RequestListener
}

/** SSE written by hand, as Express apps do; `flush` calls compression's `res.flush()`. */
async function expressSlowSSE(res: ExpressResponse, flush: boolean): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
  for (let i = 0; i < SLOW_EVENTS; i++) {
    await sleep(SLOW_GAP_MS)
    res.write(`data: ${slowEvent(i)}\n\n`)
    if (flush) (res as ExpressResponse & { flush(): void }).flush()
  }
  res.end()
}

const contenders: Record<string, () => RequestListener> = {
  rk: () => responseKit(true),
  'rk-plain': () => responseKit(false),
  express: () => {
    const app = express()
    app.use(compression())
    app.get('/json', (_req, res) => void res.json(DATA))
    app.get('/slow-sse', (_req, res) => void expressSlowSSE(res, false))
    app.get('/slow-sse-flush', (_req, res) => void expressSlowSSE(res, true))
    return app as unknown as RequestListener
  },
  hono: () => {
    const app = new Hono()
    app.use(honoCompress())
    app.get('/json', (c) => c.json(DATA))
    app.get('/slow-sse', (c) =>
      streamSSE(c, async (stream) => {
        for (let i = 0; i < SLOW_EVENTS; i++) {
          await stream.sleep(SLOW_GAP_MS)
          await stream.writeSSE({ data: slowEvent(i) })
        }
      })
    )
    return getRequestListener(app.fetch) as unknown as RequestListener
  },
}

const name = process.argv[2] ?? ''
const make = contenders[name]
if (make === undefined) {
  console.error(`unknown contender ${name}; one of ${Object.keys(contenders).join(', ')}`)
  process.exit(2)
}
const server = createServer(make())
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ port: (server.address() as AddressInfo).port }))
})
process.on('SIGTERM', () => process.exit(0))
// The bench went away (even killed): do not outlive it.
process.on('disconnect', () => process.exit(0))
