/**
 * The Hono app of hono-runtimes.test.ts, bundled and served natively by Bun.serve or
 * Deno.serve on 127.0.0.1:0 (no @hono/node-server). Prints the harness's LISTENING line.
 */
import { Hono } from 'hono'
import { FileResponse } from '../../src/file'
import { HTTPException } from '../../src/http-exception'
import { JSONResponse } from '../../src/json'
import { SSEResponse } from '../../src/sse'
import { toHonoHandler, prepareResponses } from '../../src/adapters/hono'
import { announce } from '../runtimes/servers/lifetime'

const app = new Hono()
app.get(
  '/json',
  toHonoHandler(() => ({ runtime: 'hono' }), { defaultResponseClass: JSONResponse })
)
app.get(
  '/file',
  toHonoHandler(() => new FileResponse(new Blob(['hello world']), { filename: 'hello.txt' }))
)
app.use('/plain/*', prepareResponses())
app.get('/plain/file', () => new FileResponse(new Blob(['hello world'])))
app.get(
  '/events',
  toHonoHandler(() => new SSEResponse(['one', 'two'], { ping: 0 }))
)
app.get(
  '/forbidden',
  toHonoHandler(() => {
    throw new HTTPException(403)
  })
)

interface Served {
  port: number
}
const g = globalThis as {
  Bun?: { serve(o: object): Served }
  Deno?: { serve(o: object, h: (r: Request) => Response | Promise<Response>): { addr: Served } }
}
let port: number
if (g.Bun) port = g.Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: app.fetch }).port
else {
  port = g.Deno!.serve({ hostname: '127.0.0.1', port: 0, onListen() {} }, app.fetch).addr.port
}
console.log(announce(port))
setTimeout(() => (globalThis as { process?: { exit(c: number): void } }).process?.exit(0), 60_000)
