/**
 * Graceful shutdown: on SIGTERM (or Ctrl-C) the server stops accepting connections, lets open
 * streams finish for up to `DEADLINE_MS` (default 5000), then drains the rest: event streams get
 * a last `retry:` line and end cleanly, so browsers reconnect to another instance; other streams
 * are cut. Then the process exits with code 0.
 *
 *   curl -N http://127.0.0.1:PORT/events     # an endless event stream
 *   curl -N http://127.0.0.1:PORT/report     # a plain stream that ends after 3 s
 *   kill -TERM <pid>                         # /report finishes, /events gets "retry: 1000"
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { PlainTextResponse, SSEResponse, StreamingResponse } from 'response-kit'
import { toNodeListener, trackStreams } from 'response-kit/node'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function* ticks() {
  for (let id = 1; ; id++) {
    yield { id, event: 'tick', data: { now: Date.now() } }
    await sleep(1000)
  }
}

async function* report() {
  for (let line = 1; line <= 3; line++) {
    await sleep(1000)
    yield `line ${line}\n`
  }
}

const server = createServer(
  toNodeListener((request) => {
    const { pathname } = new URL(request.url)
    if (pathname === '/events') return new SSEResponse(ticks())
    if (pathname === '/report') return new StreamingResponse(report())
    return new PlainTextResponse('try /events or /report\n')
  })
)
const streams = trackStreams(server)

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo
  console.log(`graceful-shutdown listening on http://127.0.0.1:${port}`)
})

async function shutdown() {
  // No new connections; idle kept-alive ones close now, busy ones once their response ends.
  server.close()
  await streams.finish({ deadline: Number(process.env.DEADLINE_MS ?? 5000) })
  server.closeAllConnections()
  process.exit(0)
}
process.once('SIGTERM', () => void shutdown())
process.once('SIGINT', () => void shutdown())
