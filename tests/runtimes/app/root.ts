/** Routes for the root entry's fixed-body classes (cases/root.ts checks them). */
import { HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse } from 'response-kit'
import { patternBytes, type Routes } from './router'

export const rootRoutes: Routes = {
  '/plain': () => new PlainTextResponse('héllo wörld'),
  '/html': () => new HTMLResponse('<h1>héllo</h1>'),
  '/json': () =>
    new JSONResponse(
      { ok: true, text: 'é', n: [1, 2] },
      { status: 201, headers: { 'x-case': 'json' } }
    ),
  '/redirect': () => new RedirectResponse('/I ♥ x/'),
  '/redirect-303': () => new RedirectResponse('https://example.com/a?b=1', { status: 303 }),
  '/cookies': () =>
    new PlainTextResponse('ok').setCookie('a', '1').setCookie('b', '2', { httpOnly: true }),
  '/no-content': () => new PlainTextResponse(null, { status: 204 }),
  '/bytes': () =>
    new PlainTextResponse(patternBytes(1000), { mediaType: 'application/octet-stream' }),
}
