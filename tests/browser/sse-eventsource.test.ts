import { existsSync } from 'node:fs'
import { type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HTMLResponse, lastEventId, SSEResponse } from '../../src/index'
import { serve, type TestServer } from '../helpers/serve'
import { launchChromium } from '../helpers/chromium'

const CHROMIUM = '/usr/bin/chromium'
const TOTAL = 6

const page = `<!doctype html><meta charset="utf-8"><title>sse</title><script>
  window.received = []
  const source = new EventSource('/events')
  source.addEventListener('tick', (e) => {
    window.received.push({ data: JSON.parse(e.data), id: e.lastEventId })
    if (window.received.length === ${TOTAL}) source.close()
  })
  source.onmessage = (e) => window.received.push({ message: e.data })
</script>`

describe('SSEResponse', () => {
  describe('in headless Chromium', () => {
    let server: TestServer
    let browser: Browser
    const lastIds: (string | undefined)[] = []

    beforeAll(async () => {
      if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`)
      server = await serve((request) => {
        if (new URL(request.url).pathname !== '/events') return new HTMLResponse(page)
        const last = lastEventId(request)
        lastIds.push(last)
        const start = Number(last ?? 0)
        // Each connection sends three events, then the server closes it: the browser
        // reconnects after `retry` ms and resumes from the id it saw last.
        async function* ticks() {
          for (let id = start + 1; id <= Math.min(start + 3, TOTAL); id++) {
            yield { event: 'tick', id: String(id), data: { n: id, text: `line ${id}\nnext` } }
          }
        }
        return new SSEResponse(ticks(), { retry: 50 })
      })
      browser = await launchChromium()
    })
    afterAll(async () => {
      await browser?.close()
      await server?.close()
    })

    it('receives the events in order and reconnects with Last-Event-ID', async () => {
      const tab = await browser.newPage()
      await tab.goto(server.url)
      await tab.waitForFunction(`window.received.length >= ${TOTAL}`, undefined, {
        timeout: 15_000,
      })
      const received = (await tab.evaluate('window.received')) as unknown[]
      expect(received).toEqual(
        Array.from({ length: TOTAL }, (_, i) => ({
          data: { n: i + 1, text: `line ${i + 1}\nnext` },
          id: String(i + 1),
        }))
      )
      expect(lastIds.slice(0, 2)).toEqual([undefined, '3'])
      await tab.close()
    })
  })
})
