import { createServer, type Server } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'
import { describe, expect, it } from 'vitest'
import { SSEResponse, StreamingResponse, type CloseReason } from '../../src/index'
import { toNodeListener, trackStreams } from '../../src/adapters/node'
import { startExample } from '../helpers/run-example'
import { sleep } from './servers'

interface Client {
  socket: Socket
  data: string
  closed: Promise<number>
}

function open(port: number, path: string): Client {
  const socket = connect(port, '127.0.0.1')
  socket.setEncoding('latin1')
  const client: Client = { socket, data: '', closed: undefined as never }
  client.closed = new Promise((resolve) => socket.on('close', () => resolve(Date.now())))
  socket.on('data', (chunk: string) => (client.data += chunk))
  socket.on('error', () => {})
  socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`)
  return client
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return (server.address() as AddressInfo).port
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await sleep(10)
  }
}

describe('trackStreams', () => {
  it('checks its arguments', async () => {
    expect(() => trackStreams(null as never)).toThrow(TypeError)
    const tracker = trackStreams(createServer())
    await expect(async () => tracker.drain({ retry: -1 })).rejects.toThrow(RangeError)
    await expect(async () => tracker.finish({ deadline: Number.NaN })).rejects.toThrow(
      /options.deadline/
    )
  })

  it('drain: 1,000 open streams all close within 1 s; SSE gets retry: and ends cleanly', async () => {
    const reasons = new Map<CloseReason, number>()
    let finallies = 0
    // The sources wait, after their first event, until the drain is over: a generator's
    // return() waits for its pending next(), so they run their finally once woken. (Ticking
    // 1,000 timers instead kept a loaded machine too busy to drain in time.)
    let wake!: () => void
    const drained = new Promise<void>((resolve) => (wake = resolve))
    const server = createServer(
      toNodeListener((request) => {
        async function* forever() {
          try {
            for (let i = 0; ; i++) {
              yield { data: i }
              await drained
              await sleep(200)
            }
          } finally {
            finallies++
          }
        }
        const onClose = (reason: CloseReason) => reasons.set(reason, (reasons.get(reason) ?? 0) + 1)
        if (request.url.endsWith('/sse')) return new SSEResponse(forever(), { onClose })
        return new StreamingResponse(
          (async function* () {
            for await (const event of forever()) yield `${String(event.data)}\n`
          })(),
          { onClose }
        )
      })
    )
    const streams = trackStreams(server)
    const port = await listen(server)
    const clients: Client[] = []
    try {
      for (let i = 0; i < 1000; i++) clients.push(open(port, i % 10 === 0 ? '/plain' : '/sse'))
      await until(() => streams.size === 1000 && clients.every((c) => c.data.includes('\r\n\r\n')))
      const started = Date.now()
      server.close()
      await streams.drain()
      const closedAt = await Promise.all(clients.map((c) => c.closed))
      expect(Math.max(...closedAt) - started).toBeLessThan(1000)
      wake()
      await until(() => finallies >= 1000, 2000)
      expect(finallies).toBe(1000)
      expect(reasons.get('shutdown')).toBe(1000)
      expect(streams.size).toBe(0)
      clients.forEach((client, i) => {
        if (i % 10 === 0) {
          // A plain stream is broken: no last chunk, so the client cannot take it as complete.
          expect(client.data).not.toContain('\r\n0\r\n\r\n')
        } else {
          expect(client.data).toContain('retry: 1000\n\n')
          expect(client.data.endsWith('\r\n0\r\n\r\n')).toBe(true)
        }
      })
    } finally {
      wake()
      clients.forEach((c) => c.socket.destroy())
      server.closeAllConnections()
    }
  }, 20_000)

  it('finish: streams that end before the deadline end cleanly, the rest are cut at it', async () => {
    const reasons: Record<string, { reason: CloseReason; at: number }> = {}
    // The short stream ends as soon as finish() has begun: well inside the deadline, however
    // slow the machine, where a timed end could fall after it.
    let shortMayEnd!: () => void
    const finishing = new Promise<void>((resolve) => (shortMayEnd = resolve))
    const server = createServer(
      toNodeListener((request) => {
        const name = request.url.endsWith('/short') ? 'short' : 'long'
        async function* ticks() {
          if (name === 'short') {
            yield '0\n'
            await finishing
            yield '1\n'
            return
          }
          for (let i = 0; ; i++) {
            yield `${i}\n`
            await sleep(30)
          }
        }
        return new StreamingResponse(ticks(), {
          onClose: (reason) => (reasons[name] = { reason, at: Date.now() }),
        })
      })
    )
    const streams = trackStreams(server)
    const port = await listen(server)
    const short = open(port, '/short')
    const long = open(port, '/long')
    try {
      await until(() => streams.size === 2)
      const started = Date.now()
      const finished = streams.finish({ deadline: 500 })
      shortMayEnd()
      await finished
      await long.closed
      expect(reasons.short?.reason).toBe('end')
      expect(short.data.endsWith('\r\n0\r\n\r\n')).toBe(true)
      expect(reasons.long?.reason).toBe('shutdown')
      expect(reasons.long!.at - started).toBeGreaterThanOrEqual(450)
      expect(reasons.long!.at - started).toBeLessThan(1500)
      expect(long.data).not.toContain('\r\n0\r\n\r\n')
    } finally {
      short.socket.destroy()
      long.socket.destroy()
      server.closeAllConnections()
      server.close()
    }
  })
})

describe('examples/graceful-shutdown.ts', () => {
  it('on SIGTERM lets /report finish, ends /events with retry:, and exits 0', async () => {
    // /report ends about 3 s after it starts; SIGTERM goes about 1.2 s in, so a 5 s deadline
    // leaves a loaded machine 3 s of timer lag, and the endless /events holds shutdown until
    // the deadline: SIGKILL only after 10 s.
    const example = await startExample('examples/graceful-shutdown.ts', { DEADLINE_MS: '5000' })
    try {
      const events = await fetch(`${example.url}/events`)
      const report = await fetch(`${example.url}/report`)
      const eventsText = events.text()
      const reportText = report.text()
      await sleep(200)
      const code = example.stop(10_000)
      expect(await reportText).toBe('line 1\nline 2\nline 3\n')
      expect(await eventsText).toMatch(/retry: 1000\n\n$/)
      expect(await code).toBe(0)
    } finally {
      await example.stop()
    }
  }, 20_000)
})
