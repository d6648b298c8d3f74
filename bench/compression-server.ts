/**
 * Servers for bench/compression.bench.ts, in their own process so the bench can read their
 * CPU time apart from the client's. Prints one JSON line of ports, answers `/cpu` with
 * `process.cpuUsage()`, exits on SIGTERM. Argument: JSON size in MB, SSE event count.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import compression from 'compression'
import express from 'express'
import { Hono } from 'hono'
import { compress as honoCompress } from 'hono/compress'
import { JSONResponse, SSEResponse } from '../src/index'
import { toNodeListener } from '../src/adapters/node'

const megabytes = Number(process.argv[2] ?? 10)
const events = Number(process.argv[3] ?? 1000)
const row = (i: number) => ({ id: i, name: `item ${i}`, score: i * 0.37, tags: ['alpha', 'beta'] })
const DATA: unknown[] = []
for (let i = 0, size = 0; size < megabytes * 1024 * 1024; i++) {
  const item = row(i)
  DATA.push(item)
  size += JSON.stringify(item).length + 1
}
const TEXT = JSON.stringify(DATA)

function cpu(url: string | undefined): string | undefined {
  if (url !== '/cpu') return undefined
  const { user, system } = process.cpuUsage()
  return JSON.stringify({ seconds: (user + system) / 1e6 })
}

async function* ticks(): AsyncGenerator<{ data: string }> {
  for (let i = 0; i < events; i++) yield { data: JSON.stringify({ token: `token ${i} `, i }) }
}

const rk = toNodeListener(
  (request) => {
    const path = new URL(request.url).pathname
    if (path === '/sse') return new SSEResponse(ticks())
    return new JSONResponse(DATA)
  },
  { compression: true }
)
const rkPlain = toNodeListener(() => new SSEResponse(ticks()))

const app = express()
app.use(compression())
app.get('/json', (_req, res) => void res.type('json').send(TEXT))

const hono = new Hono()
hono.use(honoCompress())
hono.get('/json', (c) => c.body(TEXT, 200, { 'content-type': 'application/json' }))

async function listen(handler: Parameters<typeof createServer>[1]): Promise<number> {
  const server: Server = createServer((req, res) => {
    const body = cpu(req.url)
    if (body !== undefined) return void res.end(body)
    handler!(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

const honoServer = await new Promise<Server>((resolve) => {
  const server = serve({ fetch: hono.fetch, port: 0, hostname: '127.0.0.1' }, () =>
    resolve(server as Server)
  )
})
const ports = {
  'response-kit': await listen(rk as never),
  'response-kit (no compression)': await listen(rkPlain as never),
  'express + compression': await listen(app as never),
  'hono + compress': (honoServer.address() as AddressInfo).port,
  bytes: Buffer.byteLength(TEXT),
}
console.log(JSON.stringify(ports))
process.on('SIGTERM', () => process.exit(0))
