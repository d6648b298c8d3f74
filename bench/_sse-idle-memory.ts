/**
 * Memory per idle SSE connection, server alone, in more detail than http-adapters.bench.ts's
 * `idle` scenario: RSS, heap used and heap total per connection after a full GC, 2,000
 * connections (N) opened by a child process. Not run by `npm run bench` (leading `_`).
 *
 *   npx esbuild bench/_sse-idle-memory.ts --bundle --platform=node --format=esm \
 *     --packages=external --outfile=node_modules/.cache/idle.mjs
 *   node --expose-gc node_modules/.cache/idle.mjs sse          # raw | hand | stream | sse0 | sse
 *   node --expose-gc --max-semi-space-size=1 node_modules/.cache/idle.mjs sse
 *   SNAP=1 node --expose-gc node_modules/.cache/idle.mjs sse   # also writes a heap snapshot
 */
import { fork } from 'node:child_process'
import { Agent, createServer, get, type RequestListener } from 'node:http'
import type { AddressInfo } from 'node:net'
import { toNodeListener } from '../src/adapters/node'
import { SSEResponse } from '../src/sse'
import { StreamingResponse } from '../src/streaming'

const N = Number(process.env.N ?? 2000)
const mode = process.argv[2] ?? 'sse'
const HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
}

async function* oneThenIdle() {
  yield { data: 'open' }
  await new Promise(() => {})
}
async function* oneThenIdleText() {
  yield 'data: open\n\n'
  await new Promise(() => {})
}

const listeners: Record<string, RequestListener> = {
  raw: (_req, res) => {
    res.writeHead(200, HEADERS)
    res.write('data: open\n\n')
  },
  // The same generator pumped by hand: nothing holds it, so it is collected while idle.
  hand: (_req, res) => {
    res.writeHead(200, HEADERS)
    const it = oneThenIdleText()
    void (async () => {
      for (let r = await it.next(); !r.done; r = await it.next()) res.write(r.value)
      res.end()
    })()
  },
  stream: toNodeListener(() => new StreamingResponse(oneThenIdleText())) as RequestListener,
  sse0: toNodeListener(() => new SSEResponse(oneThenIdle(), { ping: 0 })) as RequestListener,
  sse: toNodeListener(() => new SSEResponse(oneThenIdle())) as RequestListener,
}

if (process.env.CLIENT) {
  const port = Number(process.env.CLIENT)
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity })
  const open = (n: number) =>
    Promise.all(
      Array.from(
        { length: n },
        () =>
          new Promise<void>((resolve) => {
            get({ port, host: '127.0.0.1', agent }, (res) => res.once('data', () => resolve()))
          })
      )
    )
  process.on('message', (n: number) => void open(n).then(() => process.send!('ok')))
  process.send!('ready')
} else {
  const server = createServer(listeners[mode])
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  const gc = (globalThis as { gc?: () => void }).gc!
  const stats = () => {
    gc()
    gc()
    const m = process.memoryUsage()
    return [m.rss, m.heapUsed, m.heapTotal]
  }
  const child = fork(process.argv[1]!, [mode], { env: { ...process.env, CLIENT: String(port) } })
  await new Promise((resolve) => child.once('message', resolve))
  const ask = (n: number) =>
    new Promise((resolve) => {
      child.once('message', resolve)
      child.send(n)
    })
  await ask(50)
  const before = stats()
  await ask(N)
  const after = stats()
  const per = after.map((value, i) => ((value - before[i]!) / N).toFixed(0))
  console.log(
    `${mode}: rss ${per[0]} B, heap used ${per[1]} B, heap total ${per[2]} B per connection`
  )
  if (process.env.SNAP) {
    const { writeHeapSnapshot } = await import('node:v8')
    console.log(writeHeapSnapshot())
  }
  child.kill()
  process.exit(0)
}
