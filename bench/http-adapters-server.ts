/**
 * One contender of bench/http-adapters.bench.ts, in its own process (pinned to one core by the
 * bench): `tsx bench/http-adapters-server.ts <name>`. Prints `{"port":…}` on stdout; answers
 * IPC 'cpu' with the CPU seconds it has used (the bench reads /proc/<pid>/stat instead, which
 * counts every thread) and, with `--expose-gc`, 'stats' with its RSS after a full GC.
 */
import { createServer, type RequestListener } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import express from 'express'
import express4 from 'express4'
import Fastify from 'fastify'
import { Hono } from 'hono'
import { toExpressHandler } from '../src/adapters/express'
import { toNodeListener } from '../src/adapters/node'
import { FastJSONResponse } from '../src/fast-json'
import { compileSchema } from '../src/internal/fast-json/compile'
import { JSONResponse } from '../src/json'
import { SSEResponse } from '../src/sse'
import * as payloads from './_fast-json-payloads'

/** The small JSON payload every JSON contender sends (the same bytes: checked first). */
export const PAYLOAD = { id: 42, name: 'Ada Lovelace', tags: ['math', 'engines'], active: true }
const EVENTS = Number(process.env.EVENTS ?? 100_000)
const SSE_HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
}

async function* numbered(n: number) {
  for (let i = 0; i < n; i++) yield { data: String(i) }
}

async function* oneThenIdle() {
  yield { data: 'open' }
  await new Promise(() => {}) // idle until the client leaves (the writer then cancels us)
}

const listeners: Record<string, () => RequestListener | Promise<RequestListener>> = {
  'json-raw': () => (_req, res) => {
    const body = JSON.stringify(PAYLOAD)
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    })
    res.end(body)
  },
  'json-response-kit': () => toNodeListener(() => new JSONResponse(PAYLOAD)) as RequestListener,
  'json-native-response': () => toNodeListener(() => Response.json(PAYLOAD)) as RequestListener,
  'json-hono': () => {
    const app = new Hono()
    app.get('/', (c) => c.json(PAYLOAD))
    return getRequestListener(app.fetch) as unknown as RequestListener
  },
  'json-fastify': async () => {
    // serverFactory hands us fastify's own request handler, to mount on our server.
    let handler: RequestListener | undefined
    const app = Fastify({
      logger: false,
      serverFactory: (h) => {
        handler = h as RequestListener
        return createServer(h)
      },
    })
    app.get('/', async () => PAYLOAD)
    await app.ready()
    return handler!
  },
  'express-res-json': () => {
    const app = express()
    app.get('/', (_req, res) => void res.json(PAYLOAD))
    return app as unknown as RequestListener
  },
  'express-response-kit': () => {
    const app = express()
    app.get(
      '/',
      toExpressHandler(() => new JSONResponse(PAYLOAD))
    )
    return app as unknown as RequestListener
  },
  'express4-res-json': () => {
    const app = express4()
    app.get('/', (_req, res) => void res.json(PAYLOAD))
    return app as unknown as RequestListener
  },
  'express4-response-kit': () => {
    const app = express4()
    app.get(
      '/',
      toExpressHandler(() => new JSONResponse(PAYLOAD))
    )
    return app as unknown as RequestListener
  },
  'sse-raw': () => (_req, res) => {
    res.writeHead(200, SSE_HEADERS)
    let i = 0
    const write = (): void => {
      while (i < EVENTS) {
        const ok = res.write(`data: ${i++}\n\n`)
        if (!ok) return void res.once('drain', write)
      }
      res.end()
    }
    write()
  },
  'sse-response-kit': () =>
    toNodeListener(() => new SSEResponse(numbered(EVENTS), { ping: 0 })) as RequestListener,
  'idle-raw': () => (_req, res) => {
    res.writeHead(200, SSE_HEADERS)
    res.write('data: open\n\n')
  },
  'idle-response-kit': () =>
    toNodeListener(() => new SSEResponse(oneThenIdle())) as RequestListener,
}

/**
 * FastJSON scenarios (`fj-<raw|json|fast>-<payload>`): the payloads of bench/fast-json.bench.ts,
 * a distinct one per request in turn (fresh floats: V8 caches number-to-string conversions).
 * Every server sends variant 0 first, so the bodies compared before timing are the same.
 */
const FJ_PAYLOADS: Record<string, { values: () => unknown[]; schema: Record<string, unknown> }> = {
  small: { values: () => payloads.variants(16, payloads.small), schema: payloads.smallSchema },
  chat: { values: () => payloads.variants(16, payloads.chat), schema: payloads.chatSchema },
  list: {
    values: () => Array.from({ length: 16 }, (_, k) => payloads.userPage(k)),
    schema: payloads.userPageSchema,
  },
  embedding: {
    values: () => Array.from({ length: 32 }, (_, i) => payloads.embeddings(1, i)),
    schema: payloads.embeddingsSchema,
  },
  embeddings100: {
    values: () => [payloads.embeddings(100, 0), payloads.embeddings(100, 100)],
    schema: payloads.embeddingsSchema,
  },
}
for (const [payload, { values, schema }] of Object.entries(FJ_PAYLOADS)) {
  const rotate = () => {
    const list = values()
    let k = 0
    return () => list[k++ % list.length]
  }
  listeners[`fj-raw-${payload}`] = () => {
    const next = rotate()
    return (_req, res) => {
      const body = JSON.stringify(next())
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      })
      res.end(body)
    }
  }
  listeners[`fj-json-${payload}`] = () => {
    const next = rotate()
    return toNodeListener(() => new JSONResponse(next())) as RequestListener
  }
  listeners[`fj-fast-${payload}`] = () => {
    const next = rotate()
    const Fast = FastJSONResponse.withSchema(schema)
    return toNodeListener(() => new Fast(next())) as RequestListener
  }
  // FastJSON without its native path: every value through fast-json-stringify's code.
  listeners[`fj-compiled-${payload}`] = () => {
    const next = rotate()
    const Compiled = FastJSONResponse.withSerializer(compileSchema(schema, {}, false), schema)
    return toNodeListener(() => new Compiled(next())) as RequestListener
  }
}

const name = process.argv[2] ?? ''
const make = listeners[name]
if (make === undefined) {
  console.error(`unknown contender ${name}; one of ${Object.keys(listeners).join(', ')}`)
  process.exit(2)
}
const server = createServer(await make())
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ port: (server.address() as AddressInfo).port }))
})
process.on('message', (message) => {
  if (message === 'cpu') {
    const { user, system } = process.cpuUsage()
    return void process.send!({ cpu: (user + system) / 1e6 })
  }
  if (message !== 'stats') return
  const gc = (globalThis as { gc?: () => void }).gc
  gc?.()
  gc?.()
  process.send!({ rss: process.memoryUsage.rss() })
})
process.on('SIGTERM', () => process.exit(0))
