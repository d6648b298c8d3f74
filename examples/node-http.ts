/**
 * The demo (`npm run demo`): one Node server whose page shows response-kit at work.
 *
 * - a chat box streaming tokens over SSE from a local fake model, as a resumable stream
 *   (`resumableStream` on the in-memory store): "Drop connection" cuts the connection mid-answer,
 *   the browser's `EventSource` reconnects with `Last-Event-ID`, and the answer goes on where it
 *   stopped, with nothing lost, repeated or generated twice;
 * - a download with a progress bar, and a download stopped halfway then resumed with Range
 *   (`FileResponse`);
 * - live server stats over SSE;
 * - the same data as `JSONResponse` and `FastJSONResponse`, with their render times: a small
 *   object, where FastJSON's compiled serializer is ahead on Node 20, and a large array, where
 *   it is not.
 *
 *   npm run demo                       (PORT=3000 npm run demo for a fixed port; Ctrl-C stops it)
 *   curl -N 'http://127.0.0.1:PORT/chat?prompt=hi'
 *   curl -r 0-99 http://127.0.0.1:PORT/download/demo.bin | wc -c      → 100
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import {
  HTMLResponse,
  JSONResponse,
  PlainTextResponse,
  RedirectResponse,
  SSEResponse,
} from 'response-kit'
import { FastJSONResponse } from 'response-kit/fast-json'
import { FileResponse } from 'response-kit/file'
import { createMemoryStore, resumableStream } from 'response-kit/streams'
import {
  completionSchema,
  demoBytes,
  demoCompletions,
  demoItems,
  itemsSchema,
  sha256,
} from './_shared/demo-data'
import { generate } from './_shared/fake-model'
import { serve } from './_shared/serve'

const PAGE = readFileSync(new URL('./demo/page.html', import.meta.url), 'utf8')

// The download: a few MiB of fixed pseudo-random bytes in a temporary folder.
const dir = mkdtempSync(join(tmpdir(), 'response-kit-demo-'))
const bytes = demoBytes(Number(process.env.DEMO_FILE_SIZE ?? 4 * 1024 * 1024))
const filePath = join(dir, 'demo.bin')
writeFileSync(filePath, bytes)
const digest = sha256(bytes)
process.once('exit', () => rmSync(dir, { recursive: true, force: true }))

// FastJSON compiles its serializer once, here, not per request.
const ItemsResponse = FastJSONResponse.withSchema(itemsSchema)
const CompletionResponse = FastJSONResponse.withSchema(completionSchema)
// Distinct objects per render: see demoCompletions for why one repeated object would mislead.
const completions = demoCompletions(256)

const stats = { started: performance.now(), requests: 0, openStreams: 0 }
const loopDelay = monitorEventLoopDelay({ resolution: 10 })
loopDelay.enable()

const streamClosed = () => void stats.openStreams--

async function* chatEvents(prompt: string, signal: AbortSignal) {
  let tokens = 0
  for await (const token of generate(prompt, { signal })) {
    tokens++
    yield { event: 'token', data: token }
  }
  yield { event: 'done', data: { tokens } }
}

// Chat answers live in a log (this process's memory: no set-up), so a client that reconnects
// gets the rest of its answer from any point. Each open connection can be cut on request.
const store = createMemoryStore()
const connections = new Map<string, AbortController>()
const CHAT_ID = /^[\w-]{1,64}$/

async function chat(request: Request, url: URL): Promise<Response> {
  const prompt = url.searchParams.get('prompt')?.trim() ?? ''
  const id = url.searchParams.get('id') ?? ''
  if (!prompt) return new PlainTextResponse('prompt is required', { status: 400 })
  if (!CHAT_ID.test(id)) return new PlainTextResponse('id is required', { status: 400 })
  // "Drop connection" aborts this: the connection breaks as if the network had failed.
  const cut = new AbortController()
  connections.set(id, cut)
  stats.openStreams++
  return resumableStream({
    id,
    store,
    request,
    producer: (signal) => chatEvents(prompt, signal),
    init: {
      retry: 300,
      signal: AbortSignal.any([request.signal, cut.signal]),
      onClose: () => {
        streamClosed()
        if (connections.get(id) === cut) connections.delete(id)
      },
    },
  })
}

async function* statsEvents() {
  for (;;) {
    yield {
      event: 'stats',
      data: {
        uptime: (performance.now() - stats.started) / 1000,
        requests: stats.requests,
        openStreams: stats.openStreams,
        heapUsed: process.memoryUsage().heapUsed,
        loopDelayP99: loopDelay.percentile(99) / 1e6,
      },
    }
    await new Promise((resolve) => setTimeout(resolve, 1000))
  }
}

/**
 * Times `render` and reports the median in `server-timing` (milliseconds per render), which the
 * page shows: 15 samples of `batch` renders each, because one timing on a busy machine is mostly
 * noise and a small object renders in microseconds.
 */
function timed(render: (i: number) => Response, batch = 1): Response {
  const times: number[] = []
  for (let sample = 0; sample < 15; sample++) {
    const start = performance.now()
    for (let i = 0; i < batch; i++) render(sample * batch + i)
    times.push((performance.now() - start) / batch)
  }
  const median = times.sort((a, b) => a - b)[7]!
  const response = render(0)
  response.headers.set('server-timing', `render;dur=${median.toFixed(4)}`)
  return response
}

// Warm both serializers up once, so the first click does not measure the JIT.
for (let i = 0; i < 20; i++) {
  const items = demoItems(1000)
  new JSONResponse(items)
  new ItemsResponse(items)
  for (const completion of completions) {
    new JSONResponse(completion)
    new CompletionResponse(completion)
  }
}

function itemCount(url: URL): number {
  const n = Number(url.searchParams.get('n') ?? 100)
  return Number.isInteger(n) && n >= 0 && n <= 100_000 ? n : 100
}

function handler(request: Request): Response | Promise<Response> {
  stats.requests++
  const url = new URL(request.url)
  switch (url.pathname) {
    case '/':
      return new HTMLResponse(PAGE)
    case '/chat':
      return chat(request, url)
    case '/chat/drop': {
      const cut = connections.get(url.searchParams.get('id') ?? '')
      cut?.abort(new Error('dropped by the demo'))
      return new JSONResponse({ dropped: cut !== undefined })
    }
    case '/stats':
      stats.openStreams++
      return new SSEResponse(statsEvents(), { onClose: streamClosed })
    case '/download/demo.bin':
      // Range, If-Range, ETag and 304 are answered by the adapter through FileResponse.
      return new FileResponse(filePath, { filename: 'demo.bin' })
    case '/download/demo.bin.sha256':
      return new PlainTextResponse(digest)
    case '/api/items': {
      const items = demoItems(itemCount(url))
      return timed(() => new JSONResponse(items))
    }
    case '/api/items-fast': {
      const items = demoItems(itemCount(url))
      return timed(() => new ItemsResponse(items))
    }
    case '/api/completion':
      return timed((i) => new JSONResponse(completions[i % completions.length]), 200)
    case '/api/completion-fast':
      return timed((i) => new CompletionResponse(completions[i % completions.length]!), 200)
    case '/index.html':
      return new RedirectResponse('/', { status: 308 })
    default:
      return new PlainTextResponse('not found', { status: 404 })
  }
}

await serve('demo', handler)
