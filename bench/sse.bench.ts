/**
 * SSE throughput: events per second to one client over real HTTP on 127.0.0.1, SSEResponse
 * against hono's `streamSSE` (on @hono/node-server) and better-sse (`createSession` on
 * node:http), same run, ratios printed. Goal (issue 4): SSEResponse ahead of both.
 *
 * SSEResponse is served twice: through `toNodeListener` from `response-kit/node` (the Node
 * fast path: the slot's iterator, no ReadableStream) and through a minimal generic bridge that
 * reads `response.body` (what any fetch-style server does), so both paths are visible.
 *
 *   npx tsx bench/sse.bench.ts            (EVENTS=200000 ROUNDS=5 to change the workload)
 *   npm run bench -- sse --quick           (smoke check, not for figures)
 *
 * The servers share this process with the client, so this bench reports wall-clock events/s
 * only; http-adapters.bench.ts `sse` measures per server CPU-second with pinned processes.
 */
import { createServer, get, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve as honoServe } from '@hono/node-server'
import { createSession } from 'better-sse'
import { createParser } from 'eventsource-parser'
import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import { toNodeListener } from '../src/adapters/node'
import { SSEResponse } from '../src/index'
import * as h from './_harness'

const EVENTS = Number(process.env.EVENTS ?? (h.quick ? 20_000 : 100_000))
const ROUNDS = Math.max(5, Number(process.env.ROUNDS ?? 5))
h.begin('sse.bench', { quick: 90, full: 15 * 60 })

const dataOf = (i: number) => `{"n":${i},"msg":"hello from the server"}`
const countOf = (url: string) => Number(new URL(url, 'http://x').searchParams.get('n') ?? EVENTS)

async function* events(n: number) {
  for (let i = 0; i < n; i++) yield { event: 'tick', id: String(i), data: dataOf(i) }
}
const sseHandler = (request: Request) => new SSEResponse(events(countOf(request.url)))

/** The generic bridge: writeHead, then read `response.body` with backpressure. */
async function genericBridge(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const response = sseHandler(new Request(`http://127.0.0.1${req.url}`))
  res.writeHead(response.status, Object.fromEntries(response.headers))
  const reader = response.body!.getReader()
  res.on('close', () => void reader.cancel(new Error('closed')).catch(() => {}))
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    if (!res.write(r.value)) await new Promise((resolve) => res.once('drain', resolve))
  }
  res.end()
}

const hono = new Hono().get('/', (c) =>
  streamSSE(c, async (stream) => {
    const n = countOf(c.req.url)
    for (let i = 0; i < n; i++)
      await stream.writeSSE({ event: 'tick', id: String(i), data: dataOf(i) })
  })
)

async function betterSse(req: IncomingMessage, res: ServerResponse): Promise<void> {
  // Same bytes as the others: data sent as it is, no retry line, no keep-alive timer.
  const session = await createSession(req, res, {
    serializer: (data) => String(data),
    retry: null,
    keepAlive: null,
  })
  const n = countOf(req.url ?? '/')
  for (let i = 0; i < n; i++) session.push(dataOf(i), 'tick', String(i))
  res.end()
}

async function listen(server: ReturnType<typeof createServer>): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
}

/** Reads a whole response with node:http; resolves with its text when asked, else its size. */
function fetchAll(url: string, keepText: boolean): Promise<{ bytes: number; text: string }> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      let bytes = 0
      const parts: Buffer[] = []
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length
        if (keepText) parts.push(chunk)
      })
      res.on('end', () => resolve({ bytes, text: Buffer.concat(parts).toString('utf8') }))
      res.on('error', reject)
    }).on('error', reject)
  })
}

function parse(text: string): string[] {
  const seen: string[] = []
  const parser = createParser({ onEvent: (e) => seen.push(`${e.event}|${e.id}|${e.data}`) })
  parser.feed(text)
  return seen
}

const closers: (() => void)[] = []
const servers = {
  'SSEResponse (toNodeListener)': await listen(createServer(toNodeListener(sseHandler))),
  'SSEResponse (generic body bridge)': await listen(
    createServer((q, s) => void genericBridge(q, s))
  ),
  // overrideGlobalObjects: false, or node-server swaps globalThis.Response for its own class and
  // every other server's `instanceof Response` check fails (PEERS.md 2.1).
  'hono streamSSE (@hono/node-server)': await new Promise<string>((resolve) => {
    const server = honoServe(
      { fetch: hono.fetch, port: 0, hostname: '127.0.0.1', overrideGlobalObjects: false },
      (info) => resolve(`http://127.0.0.1:${info.port}/`)
    )
    closers.push(() => server.close())
  }),
  'better-sse createSession (node:http)': await listen(
    createServer((q, s) => void betterSse(q, s))
  ),
}

// 1. Same events from everyone (field order differs: hono writes data before id, better-sse
//    omits the space after the colon), compared after parsing with eventsource-parser.
const reference = parse(
  (await fetchAll(`${servers['SSEResponse (toNodeListener)']}?n=50`, true)).text
)
if (reference.length !== 50) throw new Error(`expected 50 events, got ${reference.length}`)
for (const [name, url] of Object.entries(servers)) {
  const got = parse((await fetchAll(`${url}?n=50`, true)).text)
  if (JSON.stringify(got) !== JSON.stringify(reference))
    throw new Error(`${name} sends other events`)
}
console.log(`same 50 events from all ${Object.keys(servers).length} servers (parsed)`)

// 2. Throughput, rounds interleaved so machine noise hits every contender alike.
const sizes = new Map<string, number>()
const samples = await h.interleave(Object.keys(servers), ROUNDS, async (name) => {
  const start = performance.now()
  const { bytes } = await fetchAll(servers[name as keyof typeof servers], false)
  sizes.set(name, bytes)
  return EVENTS / ((performance.now() - start) / 1000)
})
const ours = h.spread(samples.get('SSEResponse (toNodeListener)')!).median
console.log(`\n${EVENTS} events per response, median (min–max) of ${ROUNDS} interleaved rounds\n`)
h.table(
  ['contender', 'events/s', 'bytes/response', 'SSEResponse (toNodeListener) ×'],
  [...samples].map(([name, xs]) => [
    name,
    h.formatSpread(h.spread(xs)),
    String(sizes.get(name)),
    (ours / h.spread(xs).median).toFixed(2),
  ])
)
for (const close of closers) close()
h.finish()
