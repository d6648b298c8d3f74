/**
 * A Hono app on Node (`@hono/node-server`). Handlers return response-kit classes as they are
 * (they are real `Response`s); `prepareResponses()` applies each response's request-aware step,
 * so `FileResponse` answers Range and conditional GET inside Hono on every runtime.
 *
 *   npm run example -- examples/hono.ts
 *   curl http://127.0.0.1:PORT/api/hello/ada
 *   curl -N http://127.0.0.1:PORT/api/ticks
 *   curl -r 0-4 http://127.0.0.1:PORT/notes.txt          → 206, "hello"
 */
import { createAdaptorServer } from '@hono/node-server'
import { Hono } from 'hono'
import type { Server } from 'node:http'
import { JSONResponse, SSEResponse } from 'response-kit'
import { FileResponse } from 'response-kit/file'
import { prepareResponses } from 'response-kit/hono'
import { listen } from './_shared/serve'

const app = new Hono()
app.use(prepareResponses())

app.get('/api/hello/:name', (c) => new JSONResponse({ hello: c.req.param('name') }))

app.get('/api/ticks', () => {
  async function* ticks() {
    for (let i = 1; i <= 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10))
      yield { id: i, event: 'tick', data: { i } }
    }
  }
  return new SSEResponse(ticks())
})

// A Blob works on every runtime Hono runs on; Range is answered by prepareResponses().
const notes = new Blob(['hello from a blob served by FileResponse\n'], { type: 'text/plain' })
app.get(
  '/notes.txt',
  () => new FileResponse(notes, { filename: 'notes.txt', contentDisposition: 'inline' })
)

app.notFound(() => new JSONResponse({ detail: 'Not Found' }, { status: 404 }))

await listen('hono', createAdaptorServer({ fetch: app.fetch }) as Server)
