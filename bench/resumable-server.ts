/**
 * The server side of bench/resumable.bench.ts, run as its own process so that its CPU time is
 * measured alone. REDIS_URL names the Redis both contenders share. Routes (n tokens, id):
 *   /plain      SSEResponse of the tokens (the baseline)
 *   /memory     resumableStream on the memory store
 *   /redis      resumableStream on the Redis store (node-redis)
 *   /peer       the `resumable-stream` package (node-redis publisher and subscriber)
 *   /channel    a subscriber of the channel `fan`; POST /broadcast?data= broadcasts
 *   /cpu, /mem  process.cpuUsage() (µs) and process.memoryUsage().rss
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createClient } from 'redis'
import { createResumableStreamContext } from 'resumable-stream/redis'
import { toNodeListener } from '../src/adapters/node'
import { SSEResponse } from '../src/index'
import { channel, createMemoryStore, createRedisStore, resumableStream } from '../src/streams'

const url = process.env.REDIS_URL!
const client = await createClient({ url }).connect()
const publisher = await createClient({ url }).connect()
const subscriber = await createClient({ url }).connect()
const redisStore = createRedisStore({ client })
const memoryStore = createMemoryStore()
const peer = createResumableStreamContext({ waitUntil: null, publisher, subscriber })
const fan = channel('fan', { store: redisStore })

async function* tokens(n: number) {
  for (let i = 0; i < n; i++) yield `t${i} `
}

function peerStream(n: number): ReadableStream<string> {
  let i = 0
  return new ReadableStream<string>({
    pull(controller) {
      if (i < n) controller.enqueue(`data: t${i++} \n\n`)
      else controller.close()
    },
  })
}

const handler = async (request: Request): Promise<Response> => {
  const u = new URL(request.url)
  const n = Number(u.searchParams.get('n') ?? 1000)
  const id = u.searchParams.get('id') ?? 'x'
  switch (u.pathname) {
    case '/plain':
      return new SSEResponse(tokens(n))
    case '/memory':
    case '/redis': {
      const store = u.pathname === '/memory' ? memoryStore : redisStore
      return resumableStream({ id, store, request, producer: () => tokens(n) })
    }
    case '/peer': {
      const stream = await peer.resumableStream(id, () => peerStream(n))
      if (!stream) return new Response(null, { status: 204 })
      const body = stream.pipeThrough(new TextEncoderStream())
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } })
    }
    case '/channel':
      return fan.subscribe(request)
    case '/broadcast':
      return new Response(String(await fan.broadcast(u.searchParams.get('data') ?? '')))
    case '/cpu': {
      const { user, system } = process.cpuUsage()
      return new Response(String(user + system))
    }
    case '/mem':
      globalThis.gc?.()
      return new Response(String(process.memoryUsage().rss))
  }
  return new Response('not found', { status: 404 })
}

const server = createServer(toNodeListener(handler))
server.listen(0, '127.0.0.1', () => {
  console.log(`bench server on http://127.0.0.1:${(server.address() as AddressInfo).port}`)
})
process.once('SIGTERM', () => {
  server.closeAllConnections()
  server.close(() => process.exit(0))
})
