/**
 * Routes for the root entry's streaming classes (cases/streaming.ts checks them). Gates and
 * close records live in module state: one server process (or isolate) answers every request.
 */
import { NDJSONResponse, SSEResponse, StreamingResponse } from 'response-kit'
import { PlainTextResponse } from 'response-kit'
import { patternBytes, type Routes } from './router'

const gates = new Map<string, () => void>()
const released = new Set<string>()
const closed = new Set<string>()
const onClosed = new Set<string>()

/** The `id` query parameter that ties a gated or endless stream to its /release or /closed. */
export function idOf(request: Request): string {
  return new URL(request.url).searchParams.get('id') ?? 'none'
}

/** Resolves once /release?id= was called, before or after the wait began. */
export function gate(id: string): Promise<void> {
  return new Promise((resolve) => (released.has(id) ? resolve() : gates.set(id, resolve)))
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * An event every 10 ms until the client leaves; the source's `finally` and the response's
 * `onClose` record `id` (read back by /closed).
 */
export function endlessTicks(id: string): SSEResponse {
  return new SSEResponse(
    (async function* () {
      try {
        for (let i = 0; ; i++) {
          yield { id: String(i), data: `tick ${i}` }
          await sleep(10)
        }
      } finally {
        closed.add(id)
      }
    })(),
    { ping: 0, onClose: () => void onClosed.add(id) }
  )
}

export const streamingRoutes: Routes = {
  '/stream': () =>
    new StreamingResponse(
      (async function* () {
        for (let i = 0; i < 5; i++) {
          yield `chunk ${i}\n`
          await sleep(5)
        }
      })(),
      { mediaType: 'text/plain' }
    ),
  '/stream-gated': (request) => {
    const id = idOf(request)
    return new StreamingResponse(
      (async function* () {
        yield 'first\n'
        await gate(id)
        yield 'second\n'
      })()
    )
  },
  '/release': (request) => {
    const id = idOf(request)
    released.add(id)
    gates.get(id)?.()
    return new PlainTextResponse('released')
  },
  '/stream-readable': () =>
    new StreamingResponse(
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(patternBytes(70_000))
          controller.close()
        },
      }),
      { mediaType: 'application/octet-stream' }
    ),
  '/sse': () =>
    new SSEResponse(['a\nb', { event: 'e', id: '1', data: { x: 1 } }, { comment: 'c' }], {
      ping: 0,
    }),
  '/sse-endless': (request) => endlessTicks(idOf(request)),
  '/closed': (request) => {
    const id = idOf(request)
    return new PlainTextResponse(`finally:${closed.has(id)} onClose:${onClosed.has(id)}`)
  },
  '/ndjson': () =>
    new NDJSONResponse(
      (async function* () {
        yield { a: 1 }
        yield { b: 'é' }
        yield 'text'
      })()
    ),
}
