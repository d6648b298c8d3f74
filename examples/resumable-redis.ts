/**
 * Two instances, one Redis: a chat answer that survives a dropped connection and a switch of
 * server. Instance A serves the page and starts answers; instance B (on the next free port)
 * serves the same streams from the same Redis. "Drop connection" closes the EventSource and
 * resumes on B with `?lastEventId=`; "Stop" cancels the answer through B, wherever it runs.
 *
 *   REDIS_URL=redis://127.0.0.1:6379 npm run example -- examples/resumable-redis.ts
 *   curl -N 'http://127.0.0.1:PORT/chat?id=c1&prompt=hi'            # from A
 *   curl -N -H 'last-event-id: 3' 'http://127.0.0.1:PORT_B/chat?id=c1'  # resume on B
 *   curl -X POST 'http://127.0.0.1:PORT_B/cancel?id=c1'
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createClient } from 'redis'
import { HTMLResponse } from 'response-kit'
import { toNodeListener } from 'response-kit/node'
import { cancelStream, createRedisStore, resumableStream } from 'response-kit/streams'
import { generate } from './_shared/fake-model'
import { serve } from './_shared/serve'

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
const CORS = { 'access-control-allow-origin': '*' }

/** One instance: its own Redis connection and store, as a separate process would have. */
async function instance(name: string) {
  const client = await createClient({ url: REDIS_URL }).connect()
  const store = createRedisStore({ client })
  const handler = async (request: Request): Promise<Response> => {
    const url = new URL(request.url)
    const id = url.searchParams.get('id') ?? ''
    if (url.pathname === '/chat') {
      const prompt = url.searchParams.get('prompt') ?? 'hello'
      return resumableStream({
        id,
        store,
        request,
        producer: (signal) => generate(prompt, { signal }),
        init: { headers: { ...CORS, 'x-instance': name }, retry: 1000 },
      })
    }
    if (url.pathname === '/cancel' && request.method === 'POST') {
      await cancelStream({ id, store })
      return new Response('cancelled', { headers: CORS })
    }
    return new Response('not found', { status: 404, headers: CORS })
  }
  const close = async () => {
    await store.close()
    client.destroy()
  }
  return { handler, close }
}

const b = await instance('B')
const serverB = createServer(toNodeListener(b.handler))
await new Promise<void>((resolve) => serverB.listen(0, '127.0.0.1', resolve))
const urlB = `http://127.0.0.1:${(serverB.address() as AddressInfo).port}`

const a = await instance('A')
// Without the scheme, so that A's line is the one URL to open.
console.log(`instance B listening on ${urlB.slice('http://'.length)}`)
const page = (urlA: string) => `<!doctype html><meta charset="utf-8"><title>resumable</title>
<p><button id=ask>Ask</button> <button id=drop>Drop connection</button> <button id=stop>Stop</button>
<span id=state></span></p><p id=out></p>
<script>
let es, last = '', id = ''
const out = document.getElementById('out'), state = document.getElementById('state')
function open(base, query) {
  es = new EventSource(base + '/chat?' + query)
  state.textContent = 'streaming from ' + (base === '${urlB}' ? 'B' : 'A')
  es.onmessage = (e) => { last = e.lastEventId; out.textContent += e.data }
  es.addEventListener('end', (e) => { es.close(); state.textContent = 'end: ' + e.data })
}
document.getElementById('ask').onclick = () => {
  es?.close(); out.textContent = ''; last = ''; id = 'c' + Date.now()
  open('${urlA}', 'id=' + id + '&prompt=' + encodeURIComponent('tell me about SSE'))
}
document.getElementById('drop').onclick = () => {
  es?.close()
  open('${urlB}', 'id=' + id + '&lastEventId=' + last)
}
document.getElementById('stop').onclick = () => fetch('${urlB}/cancel?id=' + id, { method: 'POST' })
</script>`

let urlA = ''
const serverA = await serve('resumable-redis', (request) =>
  new URL(request.url).pathname === '/' ? new HTMLResponse(page(urlA)) : a.handler(request)
)
urlA = `http://127.0.0.1:${(serverA.address() as AddressInfo).port}`
serverA.once('close', () => {
  serverB.closeAllConnections()
  serverB.close()
})
