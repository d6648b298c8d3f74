import { createParser } from 'eventsource-parser'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { toNodeListener } from '../src/adapters/node'
import { SSEResponse, type SSEEvent } from '../src/index'
import { serve, type FetchHandler, type TestServer } from './helpers/serve'

const PING_MS = 20

// The generic bridge reads `response.body` (the ReadableStream path); toNodeListener takes the
// slot's iterator (the Node fast path). Both must ping, clean up and close the same way.
const listeners = [
  ['stream path (generic bridge)', undefined],
  ['iterate path (toNodeListener)', (handler: FetchHandler) => toNodeListener(handler)],
] as const

describe.each(listeners)('SSEResponse over HTTP: %s', (_name, makeListener) => {
  let server: TestServer
  const log = { finally: 0, closed: 0, pings: 0 }
  let cleanedUp: Promise<void>
  let markClosed: () => void = () => {}

  beforeAll(async () => {
    cleanedUp = new Promise<void>((resolve) => (markClosed = resolve))
    const handler: FetchHandler = (request) => {
      const path = new URL(request.url).pathname
      if (path === '/finite') return new SSEResponse(['one', { event: 'two', data: [2] }])
      async function* slow(): AsyncGenerator<SSEEvent> {
        try {
          yield { data: 'hello' }
          // Silent until the client has left: only keep-alive pings go out meanwhile.
          await cleanedUp
          yield { data: 'never sent' }
        } finally {
          log.finally++
        }
      }
      const pingEvent = () => (log.pings++, { comment: 'ping' })
      const onClose = () => (log.closed++, markClosed())
      return new SSEResponse(slow(), { ping: PING_MS, pingEvent, onClose, retry: 1000 })
    }
    server = await serve(handler, makeListener?.(handler))
  })
  afterAll(() => server.close())

  it('sends the SSE headers and events, then ends', async () => {
    const res = await fetch(`${server.url}/finite`)
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    expect(res.headers.get('cache-control')).toBe('no-cache')
    expect(res.headers.get('x-accel-buffering')).toBe('no')
    expect(res.headers.get('content-length')).toBeNull()
    const events: { event: string | undefined; data: string }[] = []
    const parser = createParser({ onEvent: (e) => events.push({ event: e.event, data: e.data }) })
    parser.feed(await res.text())
    expect(events).toEqual([
      { event: undefined, data: 'one' },
      { event: 'two', data: '[2]' },
    ])
  })

  it('pings while the source is silent and stops everything when the client leaves', async () => {
    const controller = new AbortController()
    const res = await fetch(`${server.url}/slow`, { signal: controller.signal })
    const reader = res.body!.getReader()
    const decoder = new TextDecoder()
    let text = ''
    while (!text.includes(': ping\n\n')) text += decoder.decode((await reader.read()).value)
    expect(text.startsWith('retry: 1000\n\ndata: hello\n\n')).toBe(true)
    controller.abort()
    await cleanedUp
    expect(log.closed).toBe(1)
    // An async generator's return() waits for its pending next(): finally runs once it yields.
    await vi.waitFor(() => expect(log.finally).toBe(1))
    const pingsAtClose = log.pings
    await new Promise((resolve) => setTimeout(resolve, PING_MS * 5))
    expect(log.pings).toBe(pingsAtClose)
    expect(log.closed).toBe(1)
  })
})
