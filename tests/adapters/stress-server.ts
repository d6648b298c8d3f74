/**
 * The server side of stress.test.ts, in its own process so its RSS and fds are measured
 * without the client's. Started with `--expose-gc`; answers IPC 'stats' with its memory, open
 * fds, connection count and generator counters (after a full GC).
 */
import { readdirSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { toNodeListener } from '../../src/adapters/node'
import { JSONResponse } from '../../src/json'
import { StreamingResponse } from '../../src/streaming'

const generators = { started: 0, finished: 0 }
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** `count` fresh 64 KiB chunks: fresh, so unsent chunks would really pile up in memory. */
async function* bytes(count: number): AsyncGenerator<Uint8Array> {
  generators.started++
  try {
    for (let i = 0; i < count; i++) yield Buffer.allocUnsafe(64 * 1024).fill(i & 0xff)
  } finally {
    generators.finished++
  }
}

async function* endless(): AsyncGenerator<string> {
  generators.started++
  try {
    for (;;) {
      yield 'x'.repeat(1024)
      await sleep(2)
    }
  } finally {
    generators.finished++
  }
}

const server = createServer(
  toNodeListener((request) => {
    const path = new URL(request.url).pathname
    if (path === '/big') return new StreamingResponse(bytes(4096)) // 256 MiB
    if (path === '/small-stream') return new StreamingResponse(bytes(4)) // 256 KiB
    if (path === '/endless') return new StreamingResponse(endless())
    return new JSONResponse({ ok: true, path })
  })
)

const gc = (globalThis as { gc?: () => void }).gc!

process.on('message', (message) => {
  if (message !== 'stats') return
  gc()
  gc()
  server.getConnections((_error, connections) => {
    process.send!({
      rss: process.memoryUsage.rss(),
      heap: process.memoryUsage().heapUsed,
      fds: readdirSync('/proc/self/fd').length,
      connections,
      ...generators,
    })
  })
})

server.listen(0, '127.0.0.1', () => {
  process.send!({ port: (server.address() as AddressInfo).port })
})
