/**
 * The fetch handler the Bun, Deno and Worker entry files share: web APIs only (no Node
 * built-ins), so it runs unchanged on every runtime.
 */
import { JSONResponse, PlainTextResponse, SSEResponse } from 'response-kit'
import { FileResponse } from 'response-kit/file'

const notes = new Blob(['response-kit runs on every runtime.\n'], { type: 'text/plain' })

async function* ticks() {
  for (let i = 1; i <= 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10))
    yield { id: i, event: 'tick', data: { i } }
  }
}

/** Answers `/`, `/json`, `/events` (SSE) and `/notes.txt` (a Blob, with Range). */
export function app(runtime: string) {
  return (request: Request): Response | Promise<Response> => {
    const { pathname } = new URL(request.url)
    switch (pathname) {
      case '/':
        return new PlainTextResponse(`hello from ${runtime}`)
      case '/json':
        return new JSONResponse({ runtime, classes: ['PlainText', 'JSON', 'SSE', 'File'] })
      case '/events':
        // Some runtimes abort the signal without cancelling the body: close the source either way.
        return new SSEResponse(ticks(), { signal: request.signal })
      case '/notes.txt':
        // Native servers call no `prepare` hook: call it with the request for the prepared
        // answer (206 for a Range, 304 for a matching ETag).
        return new FileResponse(notes, { filename: 'notes.txt' }).prepare(request)
      default:
        return new PlainTextResponse('not found', { status: 404 })
    }
  }
}
