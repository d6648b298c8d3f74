/**
 * Slow and dead clients against the Node writer: a peer that stops reading without closing is
 * cut after the stall timeout with reason `timeout`; a slow reader never makes the server
 * buffer more than the byte high-water mark plus one chunk. The scaled slow-reader run fits
 * the test budget; `SOAK=1` runs the full 1 GiB at 1 MB/s (about 18 minutes).
 */
import { spawn } from 'node:child_process'
import { createServer } from 'node:http'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { connect, type AddressInfo, type Socket } from 'node:net'
import { describe, expect, it } from 'vitest'
import {
  SSEResponse,
  StreamingResponse,
  StreamClosedError,
  type CloseReason,
} from '../../src/index'
import { toNodeListener } from '../../src/adapters/node'
import { deferred } from './servers'

const KIB = 1024
const MIB = 1024 * KIB

/** Sends a GET and returns the socket; the caller decides how (or whether) to read. */
function rawGet(port: number, path: string): Socket {
  const socket = connect(port, '127.0.0.1')
  socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`)
  return socket
}

describe('a dead peer (paused socket, never reads, no FIN)', () => {
  it('is cut within the stall timeout + 1 s of the last chunk taken, reason timeout', async () => {
    const stallTimeout = 500
    const closed = deferred<{ reason: CloseReason; error: unknown; at: number }>()
    const finallyRan = deferred<number>()
    let lastPull = 0
    const chunk = new Uint8Array(64 * KIB)
    const listener = toNodeListener(
      () => {
        async function* produce() {
          try {
            for (;;) {
              lastPull = Date.now()
              yield chunk
            }
          } finally {
            finallyRan.resolve(Date.now())
          }
        }
        return new StreamingResponse(produce(), {
          onClose: (reason, error) => closed.resolve({ reason, error, at: Date.now() }),
        })
      },
      { stallTimeout }
    )
    const server = createServer(listener)
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const socket = rawGet((server.address() as AddressInfo).port, '/')
    socket.pause()
    try {
      const { reason, error } = await closed.promise
      const end = await finallyRan.promise
      expect(reason).toBe('timeout')
      expect(error).toBeInstanceOf(StreamClosedError)
      expect(end - lastPull).toBeLessThan(stallTimeout + 1000)
      expect(end - lastPull).toBeGreaterThanOrEqual(stallTimeout - 50)
    } finally {
      socket.destroy()
      server.closeAllConnections()
      await new Promise((r) => server.close(r))
    }
  })

  it("an SSEResponse's own stallTimeout wins over the adapter's", async () => {
    const closed = deferred<CloseReason>()
    const listener = toNodeListener(
      () => {
        async function* events() {
          for (let i = 0; ; i++) yield { id: i, data: 'x'.repeat(8 * KIB) }
        }
        return new SSEResponse(events(), { stallTimeout: 300, onClose: closed.resolve })
      },
      { stallTimeout: 0 }
    )
    const server = createServer(listener)
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const socket = rawGet((server.address() as AddressInfo).port, '/')
    socket.pause()
    try {
      expect(await closed.promise).toBe('timeout')
    } finally {
      socket.destroy()
      server.closeAllConnections()
      await new Promise((r) => server.close(r))
    }
  })

  it('rejects bad options with a RangeError naming the field', () => {
    const handler = () => new Response('x')
    expect(() => toNodeListener(handler, { stallTimeout: -1 })).toThrow(/stallTimeout/)
    expect(() => toNodeListener(handler, { highWaterMark: 1.5 })).toThrow(RangeError)
    expect(() => new StreamingResponse(['a'], { stallTimeout: Number.NaN })).toThrow(
      /init.stallTimeout/
    )
  })
})

const SLOW_SERVER = fileURLToPath(new URL('./slow-server.ts', import.meta.url))
const soak = process.env.SOAK === '1'
const TOTAL = soak ? 1024 * MIB : 32 * MIB
const RATE = soak ? 1 * MIB : 8 * MIB // bytes per second the client reads

describe(`a slow reader (${TOTAL / MIB} MiB at ${RATE / MIB} MiB/s${soak ? ', SOAK' : ''})`, () => {
  it(
    'keeps the server buffer under HWM + one chunk and its RSS growth under 32 MB',
    async () => {
      const highWaterMark = 64 * KIB
      const chunkSize = 16 * KIB
      const child = spawn(process.execPath, ['--import', 'tsx', SLOW_SERVER], {
        env: {
          ...process.env,
          TOTAL: String(TOTAL),
          CHUNK: String(chunkSize),
          HWM: String(highWaterMark),
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      })
      const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
      let received = 0
      let socket: Socket | undefined
      try {
        const { port } = JSON.parse((await lines.next()).value as string) as { port: number }
        socket = rawGet(port, '/')
        const started = Date.now()
        await new Promise<void>((resolve, reject) => {
          socket!.on('data', (data: Buffer) => {
            received += data.length
            // The response is chunked on a kept-alive connection: stop at the last byte.
            if (received >= TOTAL) return void socket!.end()
            const due = (received / RATE) * 1000 - (Date.now() - started)
            if (due > 5) {
              socket!.pause()
              setTimeout(() => socket!.resume(), due)
            }
          })
          socket!.on('error', reject)
          socket!.on('close', () => resolve())
        })
        const { peak, growth } = JSON.parse((await lines.next()).value as string) as {
          peak: number
          growth: number
        }
        expect(received).toBeGreaterThanOrEqual(TOTAL)
        expect(peak).toBeGreaterThan(0)
        expect(peak).toBeLessThanOrEqual(highWaterMark + chunkSize)
        expect(growth).toBeLessThan(32 * 1000 * 1000)
      } finally {
        socket?.destroy()
        child.kill('SIGTERM')
      }
    },
    soak ? 30 * 60_000 : 20_000
  )
})
