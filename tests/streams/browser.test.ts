/** Chromium's own EventSource resumes a resumable stream after the server cuts it mid-answer. */
import { existsSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toNodeListener } from '../../src/adapters/node'
import { createMemoryStore, resumableStream } from '../../src/streams'
import { launchChromium } from '../helpers/chromium'

const CHROMIUM = '/usr/bin/chromium'
const TOKENS = Array.from({ length: 40 }, (_, i) => `w${i} `)
const store = createMemoryStore()
let browser: Browser
let server: Server
let base = ''
let connections = 0

const PAGE = `<!doctype html><script>
window.answer = new Promise((resolve) => {
  const es = new EventSource('/chat')
  let text = ''
  es.onmessage = (e) => { text += e.data }
  es.addEventListener('end', (e) => { es.close(); resolve({ text, end: e.data }) })
})
</script>`

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`)
  const listener = toNodeListener(async (request) => {
    if (new URL(request.url).pathname !== '/chat') {
      return new Response(PAGE, { headers: { 'content-type': 'text/html' } })
    }
    const producer = async function* () {
      for (const token of TOKENS) {
        await new Promise((resolve) => setTimeout(resolve, 10))
        yield token
      }
    }
    return resumableStream({ id: 'chat', store, producer, request, init: { retry: 50 } })
  })
  server = createServer((req, res) => {
    // The first answer is cut by the server mid-stream, as a proxy or a deploy would.
    if (req.url === '/chat' && ++connections === 1) setTimeout(() => req.socket.destroy(), 120)
    listener(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  server?.closeAllConnections()
  await new Promise((resolve) => server?.close(resolve))
  await store.close()
})

describe('resumableStream in Chromium', () => {
  it('gives EventSource the full answer after the server cuts its connection', async () => {
    const page = await browser.newPage()
    await page.goto(base)
    const result = await page.evaluate(
      () => (window as unknown as { answer: Promise<unknown> }).answer
    )
    expect(result).toEqual({ text: TOKENS.join(''), end: '{"reason":"complete"}' })
    expect(connections).toBeGreaterThanOrEqual(2)
    await page.close()
  })
})
