/**
 * A failing SSE producer and a finished stream, seen by Chromium's `EventSource`: the page
 * gets an error event it can act on (and stops, with no reconnect storm), and a `204` on
 * reconnect stops `EventSource` for good.
 */
import { existsSync } from 'node:fs'
import { type Browser } from 'playwright-core'
import { fetch } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toNodeListener } from '../../src/adapters/node'
import {
  HTMLResponse,
  lastEventId,
  SSEResponse,
  type SSEEvent,
  type SSEResponseInit,
} from '../../src/index'
import { serve, type TestServer } from '../helpers/serve'
import { launchChromium } from '../helpers/chromium'

const CHROMIUM = '/usr/bin/chromium'
// prettier-ignore

/** What the test server saw and reported. */
interface Seen {
  requests: (string | undefined)[]
  reports: unknown[]
}

/** A page that logs every event, and closes its EventSource when the server says `failed`. */
const page = (path: string) => `<!doctype html><meta charset="utf-8"><title>sse-error</title>
<script>
  window.ticks = []
  window.failure = null
  window.errors = 0
  const source = new EventSource(${JSON.stringify(path)})
  window.source = source
  source.addEventListener('tick', (e) => window.ticks.push(e.data))
  source.addEventListener('failed', (e) => {
    window.failure = JSON.parse(e.data)
    source.close()
  })
  source.onerror = () => window.errors++
</script>`

/** Two ticks, then the producer throws. */
async function* ticksThenThrow(): AsyncGenerator<SSEEvent> {
  yield { event: 'tick', id: '1', data: 'one' }
  yield { event: 'tick', id: '2', data: 'two' }
  throw new Error('model crashed')
}

function failingStream(seen: Seen): Response {
  const init: SSEResponseInit = {
    retry: 50,
    ping: 0,
    onError: (error) => void seen.reports.push(error),
    errorEvent: (error) => ({ event: 'failed', data: { message: (error as Error).message } }),
  }
  return new SSEResponse(ticksThenThrow(), init)
}

/** Two ticks and a clean end; a reconnect (it sends Last-Event-ID) is answered 204. */
function finishedStream(request: Request): Response {
  if (lastEventId(request) !== undefined) return new Response(null, { status: 204 })
  return new SSEResponse(
    [
      { event: 'tick', id: '1', data: 'one' },
      { event: 'tick', id: '2', data: 'two' },
    ],
    { retry: 50, ping: 0 }
  )
}

describe('SSEResponse', () => {
  describe('in headless Chromium, when the stream fails or is finished', () => {
    let server: TestServer
    let browser: Browser
    const seen: Record<string, Seen> = {
      '/failing': { requests: [], reports: [] },
      '/finished': { requests: [], reports: [] },
    }

    beforeAll(async () => {
      if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`)
      const handler = (request: Request): Response => {
        const { pathname, searchParams } = new URL(request.url)
        const stream = seen[pathname]
        if (stream === undefined) return new HTMLResponse(page(searchParams.get('events') ?? ''))
        stream.requests.push(lastEventId(request))
        return pathname === '/failing' ? failingStream(stream) : finishedStream(request)
      }
      server = await serve(handler, toNodeListener(handler) as Parameters<typeof serve>[1])
      browser = await launchChromium()
    })
    afterAll(async () => {
      await browser?.close()
      await server?.close()
    })

    it('gives the page the error event, which closes the EventSource: one request, no reconnect', async () => {
      const tab = await browser.newPage()
      try {
        await tab.goto(`${server.url}/?events=/failing`)
        await tab.waitForFunction('window.failure !== null', undefined, { timeout: 5_000 })
        expect(await tab.evaluate('window.failure')).toEqual({ message: 'model crashed' })
        expect(await tab.evaluate('window.ticks')).toEqual(['one', 'two'])
        // Long enough for several reconnects at `retry: 50` if the page had not stopped.
        await new Promise((resolve) => setTimeout(resolve, 400))
        expect(await tab.evaluate('window.source.readyState')).toBe(2)
        expect(seen['/failing']!.requests).toEqual([undefined])
      } finally {
        await tab.close()
      }
    })

    it('stops EventSource for good with a 204 on reconnect (CLOSED, at most two requests)', async () => {
      const tab = await browser.newPage()
      try {
        await tab.goto(`${server.url}/?events=/finished`)
        // EventSource reconnects after the clean end, gets the 204, and fails the connection.
        await tab.waitForFunction('window.source.readyState === 2', undefined, { timeout: 5_000 })
        expect(await tab.evaluate('window.ticks')).toEqual(['one', 'two'])
        await new Promise((resolve) => setTimeout(resolve, 400))
        expect(await tab.evaluate('window.source.readyState')).toBe(2)
        const requests = seen['/finished']!.requests
        expect(requests.length).toBeLessThanOrEqual(2)
        expect(requests).toEqual([undefined, '2'])
      } finally {
        await tab.close()
      }
    })

    it('ends the failed stream cleanly after the error event, and still reports the failure', async () => {
      seen['/failing']!.reports = []
      const res = await fetch(`${server.url}/failing`)
      expect(res.status).toBe(200)
      // A clean end: reading the whole body does not fail as a broken connection would.
      const body = await res.text()
      expect(body).toBe(
        'retry: 50\n\n' +
          'event: tick\nid: 1\ndata: one\n\n' +
          'event: tick\nid: 2\ndata: two\n\n' +
          'event: failed\ndata: {"message":"model crashed"}\n\n'
      )
      // The page was told, but the failure is still the server's to log.
      await expect
        .poll(() => seen['/failing']!.reports.map((error) => (error as Error).message))
        .toEqual(['model crashed'])
    })
  })
})
