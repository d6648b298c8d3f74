/**
 * A `defaultResponseClass` app, FastAPI-style: handlers return plain data and the wrapper
 * builds the response. A returned `Response` passes through; a generator becomes JSON Lines
 * (SSE on a route whose class is `SSEResponse`); `HTTPException` becomes `{"detail": …}`
 * with its status; any other error becomes a generic 500 (the message is logged, not sent).
 *
 *   npm run example -- examples/default-response-class.ts
 *   curl -i http://127.0.0.1:PORT/users/1          → {"id":1,"name":"Ada"}
 *   curl -i http://127.0.0.1:PORT/users/9          → 404 {"detail":"user 9 not found"}
 *   curl -N http://127.0.0.1:PORT/users.jsonl       → one user per line
 *   curl -N http://127.0.0.1:PORT/events            → SSE
 */
import {
  HTMLResponse,
  HTTPException,
  JSONResponse,
  PlainTextResponse,
  RedirectResponse,
  SSEResponse,
  defaultResponseClass,
} from 'response-kit'
import { serve } from './_shared/serve'

const users = [
  { id: 1, name: 'Ada' },
  { id: 2, name: 'Grace' },
]

const app = defaultResponseClass(JSONResponse, {
  headers: { 'x-powered-by': 'response-kit' },
  onError: (error) => console.error('handler failed:', (error as Error).message),
})

const routes: Record<string, (request: Request) => Promise<Response>> = {
  '/users': app(() => users),
  '/users.jsonl': app(async function* () {
    for (const user of users) yield user
  }),
  '/events': app(
    async function* () {
      for (const user of users) yield { event: 'user', data: user }
    },
    { responseClass: SSEResponse }
  ),
  '/': app(() => '<h1>Users</h1><a href="/users">/users</a>', { responseClass: HTMLResponse }),
  '/home': app(() => '/', { responseClass: RedirectResponse }),
  '/teapot': app(() => new PlainTextResponse("I'm a teapot", { status: 418 })),
  '/created': app(() => ({ ok: true }), { status: 201 }),
  '/boom': app(() => {
    throw new Error('database password is hunter2')
  }),
}

const userById = app((request) => {
  const id = Number(new URL(request.url).pathname.split('/')[2])
  const user = users.find((u) => u.id === id)
  if (!user) throw new HTTPException(404, `user ${id} not found`)
  return user
})

await serve('default-response-class', (request) => {
  const { pathname } = new URL(request.url)
  const route = routes[pathname] ?? (/^\/users\/\d+$/.test(pathname) ? userById : undefined)
  return route ? route(request) : new JSONResponse({ detail: 'Not Found' }, { status: 404 })
})
