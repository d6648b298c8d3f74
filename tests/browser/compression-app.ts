/**
 * The server side of tests/browser/compression.test.ts, in its own process so the test can run
 * it on a Node that has zstd when the test's own Node has none: `node --import tsx
 * tests/browser/compression-app.ts`. One handler served through the three adapters, each on
 * its own 127.0.0.1 port with every `compression` variant under a path prefix:
 *
 * - `/auto/…`: `compression: true` (every coding the runtime has);
 * - `/gzip/…`, `/br/…`, `/deflate/…`, `/zstd/…`: `compression: { encodings: [that one] }`.
 *
 * Routes: `/` (a page to run scripts in), `…/accept` (the request's own Accept-Encoding),
 * `…/json` (about 1 MB of JSON, fixed body), `…/stream` (about 1 MB of text in 500 chunks),
 * `…/sse?run=ID` (a comment, then 10 events, each with the server's `Date.now()` when it was
 * yielded; event i waits until `…/ack?run=ID&held=N` said the page holds N ≥ i events).
 * Prints one JSON line: the three base URLs, `process.version` and the SHA-256 of each body.
 * Exits on SIGTERM or when its stdin closes (the test went away).
 */
import { createHash } from 'node:crypto'
import { createServer, type RequestListener, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import express from 'express'
import { Hono } from 'hono'
import { toExpressHandler } from '../../src/adapters/express'
import { toHonoHandler } from '../../src/adapters/hono'
import { toNodeListener } from '../../src/adapters/node'
import type { CompressOptions } from '../../src/compress'
import {
  HTMLResponse,
  JSONResponse,
  PlainTextResponse,
  SSEResponse,
  StreamingResponse,
} from '../../src/index'

const VARIANTS: Record<string, CompressOptions | true> = {
  auto: true,
  gzip: { encodings: ['gzip'] },
  br: { encodings: ['br'] },
  deflate: { encodings: ['deflate'] },
  zstd: { encodings: ['zstd'] },
}
const EVENTS = 10

const DATA = Array.from({ length: 12_000 }, (_, id) => ({
  id,
  name: `item ${id} — naïve café`,
  score: (id * 37) % 101,
  tags: ['alpha', 'beta', id % 7 === 0 ? 'seventh' : 'other'],
}))
const JSON_TEXT = JSON.stringify(DATA)
const LINES = Array.from({ length: 500 }, (_, i) => `${i}: ${'streamed token '.repeat(130)}\n`)
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

/** Per SSE run: how many events the page holds (-1 until it has the response), and a waker. */
const runs = new Map<string, { held: number; wake: () => void }>()
function runFor(id: string): { held: number; wake: () => void } {
  let run = runs.get(id)
  if (!run) runs.set(id, (run = { held: -1, wake: () => {} }))
  return run
}

const PAGE = '<!doctype html><meta charset="utf-8"><title>compression</title>'

function handler(request: Request): Response {
  const path = new URL(request.url).pathname
  if (path === '/') return new HTMLResponse(PAGE)
  if (path.endsWith('/accept')) {
    return new PlainTextResponse(request.headers.get('accept-encoding') ?? '')
  }
  if (path.endsWith('/json')) return new JSONResponse(DATA)
  if (path.endsWith('/stream')) {
    return new StreamingResponse(
      (async function* () {
        for (const line of LINES) yield line
      })(),
      { mediaType: 'text/plain' }
    )
  }
  if (path.endsWith('/ack')) {
    const query = new URL(request.url).searchParams
    const run = runFor(query.get('run') ?? '')
    run.held = Math.max(run.held, Number(query.get('held')))
    run.wake()
    return new PlainTextResponse('ok')
  }
  if (path.endsWith('/sse')) {
    const run = runFor(new URL(request.url).searchParams.get('run') ?? '')
    return new SSEResponse(
      (async function* () {
        // A comment at once, so the connection and Chromium's decoder are set up before the
        // first timed event (what is measured is event delivery, not connection set-up).
        yield { comment: 'ready' }
        for (let i = 0; i < EVENTS; i++) {
          // Each event waits until the page holds all before it: nothing follows it that could
          // push it out, so only a flush delivers it. (Timed gaps would not hold on a loaded
          // machine, where a lagging compressor rightly batches two ready events.)
          while (run.held < i) await new Promise<void>((resolve) => (run.wake = resolve))
          yield {
            id: String(i),
            data: JSON.stringify({ i, sentAt: Date.now(), pad: 'x'.repeat(200) }),
          }
        }
      })(),
      { ping: 0 }
    )
  }
  return new PlainTextResponse(`no route ${path}`, { status: 404 })
}

function nodeListener(): RequestListener {
  const listeners = Object.fromEntries(
    Object.entries(VARIANTS).map(([name, compression]) => [
      name,
      toNodeListener(handler, { compression }) as RequestListener,
    ])
  )
  const plain = toNodeListener(handler) as RequestListener
  return (req, res) => (listeners[(req.url ?? '/').split('/')[1]!] ?? plain)(req, res)
}

function expressListener(): RequestListener {
  const app = express()
  for (const [name, compression] of Object.entries(VARIANTS)) {
    app.use(`/${name}`, toExpressHandler(handler, { compression }))
  }
  app.use(toExpressHandler(handler))
  return app as unknown as RequestListener
}

function honoListener(): RequestListener {
  const app = new Hono()
  for (const [name, compression] of Object.entries(VARIANTS)) {
    app.all(`/${name}/*`, toHonoHandler(handler, { compression }))
  }
  app.all('*', toHonoHandler(handler))
  return getRequestListener(app.fetch, { overrideGlobalObjects: false }) as RequestListener
}

const servers: Server[] = []
async function listen(listener: RequestListener): Promise<string> {
  const server = createServer(listener)
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

const urls = {
  node: await listen(nodeListener()),
  express: await listen(expressListener()),
  hono: await listen(honoListener()),
}
console.log(
  JSON.stringify({
    urls,
    version: process.version,
    sha256: { json: sha256(JSON_TEXT), stream: sha256(LINES.join('')) },
  })
)

function stop(): void {
  for (const server of servers) server.closeAllConnections()
  process.exit(0)
}
process.on('SIGTERM', stop)
process.stdin.on('end', stop)
process.stdin.on('close', stop)
process.stdin.resume()
