/**
 * The demo page in a real browser: headless Chromium (Debian's, driven by playwright-core)
 * opens `npm run demo`'s page, chats, downloads, resumes a download and compares JSON with
 * FastJSON; then it lays the page out at a phone's width (390 px) and a laptop's (1280 px),
 * checks that nothing overflows sideways, and saves a screenshot of each to tests/.artifacts/.
 * Any console error or page error fails the suite.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoBytes, sha256 } from '../../examples/_shared/demo-data'
import { replyFor, tokenize } from '../../examples/_shared/fake-model'
import { startExample, type RunningExample } from '../helpers/run-example'
import { launchChromium } from '../helpers/chromium'

const ARTIFACTS = fileURLToPath(new URL('../.artifacts/', import.meta.url))
const SIZE = 2 * 1024 * 1024
const EXPECTED = sha256(demoBytes(SIZE))
const POLL = { timeout: 10_000, interval: 25 }

describe('demo (examples/node-http.ts)', () => {
  let demo: RunningExample
  let browser: Browser
  let page: Page
  const consoleErrors: string[] = []

  beforeAll(async () => {
    ;[demo, browser] = await Promise.all([
      startExample('examples/node-http.ts', {
        // The chat tests need the page to see tokens apart, and to drop the connection while
        // the model still generates: the demo runs in its own process with nothing to gate on,
        // so its pace is the only handle (at 40 ms, the drop had about 0.7 s to land).
        TOKEN_DELAY_MS: '100',
        DEMO_FILE_SIZE: String(SIZE),
      }),
      launchChromium(),
    ])
    page = await browser.newPage({ acceptDownloads: true, viewport: { width: 1280, height: 900 } })
    page.on('console', (message) => {
      // The expected errors: the empty-prompt test's own request, answered 400, and the chat
      // connection the drop test cuts on purpose.
      if (message.location().url.includes('/chat?prompt=%20')) return
      const dropped = message.text().includes('ERR_INCOMPLETE_CHUNKED_ENCODING')
      if (dropped && message.location().url.includes('prompt=Tell%20me%20about%20resumable')) return
      if (message.type() === 'error')
        consoleErrors.push(`${message.text()} (${message.location().url})`)
    })
    page.on('pageerror', (error) => consoleErrors.push(String(error)))
    await page.goto(demo.url)
  })

  afterAll(async () => {
    await browser?.close()
    if (demo) expect(await demo.stop()).toBe(0)
  })

  it('shows chat tokens one by one as the SSE events arrive', async () => {
    const prompt = 'Why stream tokens?'
    const expected = tokenize(replyFor(prompt))
    // Record, in the page, when each token reaches the DOM. Events that arrive in one network
    // chunk are dispatched back to back; tokens streamed 100 ms apart arrive in separate bursts.
    await page.evaluate(() => {
      const times: number[] = ((window as any).tokenTimes = [])
      new MutationObserver((records) => {
        for (const record of records)
          for (const _ of record.addedNodes) times.push(performance.now())
      }).observe(document.getElementById('reply')!, { childList: true })
    })
    await page.fill('#prompt', prompt)
    await page.click('#chat button')
    await expect
      .poll(() => page.locator('#chat-status').textContent(), POLL)
      .toBe(`done: ${expected.length} tokens`)
    expect(await page.locator('#reply').textContent()).toBe(expected.join(''))
    const times: number[] = await page.evaluate(() => (window as any).tokenTimes)
    expect(times).toHaveLength(expected.length)
    // Count bursts: tokens less than 5 ms after the previous one belong to the same burst.
    const bursts = times.filter((t, i) => i === 0 || t - times[i - 1]! >= 5).length
    expect(bursts).toBeGreaterThanOrEqual(expected.length / 2)
  })

  it('resumes the answer after "Drop connection", with every token once and in order', async () => {
    const prompt = 'Tell me about resumable streams'
    const expected = tokenize(replyFor(prompt))
    await page.fill('#prompt', prompt)
    await page.click('#chat button')
    // Drop once a few tokens have arrived, while the fake model is still generating.
    await expect.poll(() => page.locator('#reply .token').count(), POLL).toBeGreaterThan(3)
    await page.click('#drop')
    await expect
      .poll(() => page.locator('#chat-status').textContent(), POLL)
      .toBe(`done: ${expected.length} tokens, resumed 1×`)
    expect(await page.locator('#reply').textContent()).toBe(expected.join(''))
  })

  it('downloads the file through the link with the right bytes', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')])
    expect(download.suggestedFilename()).toBe('demo.bin')
    const bytes = readFileSync((await download.path())!)
    expect(bytes.length).toBe(SIZE)
    expect(sha256(bytes)).toBe(EXPECTED)
  })

  it('shows progress and verifies a download read through fetch', async () => {
    await page.click('#fetch-download')
    await expect.poll(() => page.locator('#dl-status').textContent(), POLL).toMatch(/verified$/)
    expect(await page.locator('#dl-status').getAttribute('data-sha256')).toBe(EXPECTED)
    expect(await page.locator('#dl-progress').evaluate((el: HTMLProgressElement) => el.value)).toBe(
      1
    )
  })

  it('resumes a download stopped halfway with a Range request', async () => {
    await page.click('#resume-download')
    const status = page.locator('#dl-status')
    await expect
      .poll(() => status.textContent(), POLL)
      .toMatch(/^resumed from byte \d+: .*verified$/)
    expect(await status.getAttribute('data-sha256')).toBe(EXPECTED)
    const range = (await status.getAttribute('data-content-range'))!
    const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(range)
    expect(match).not.toBeNull()
    expect(Number(match![1])).toBeGreaterThan(0)
    expect([Number(match![2]), Number(match![3])]).toEqual([SIZE - 1, SIZE])
  })

  it('updates the live stats over SSE', async () => {
    await expect.poll(() => page.locator('#stat-requests').textContent(), POLL).toMatch(/^\d+$/)
    const first = Number(await page.locator('#stat-requests').textContent())
    await page.evaluate(() => fetch('/download/demo.bin.sha256'))
    await expect
      .poll(async () => Number(await page.locator('#stat-requests').textContent()), {
        timeout: 5_000,
      })
      .toBeGreaterThan(first)
  })

  it('renders identical bytes with JSONResponse and FastJSONResponse', async () => {
    await page.click('#compare')
    await expect
      .poll(() => page.locator('#compare-status').textContent(), POLL)
      .toBe('identical bytes, content-type application/json')
  })

  it('refuses an empty prompt without opening a stream', async () => {
    await page.fill('#prompt', '   ')
    await page.click('#chat button')
    expect(await page.locator('#chat-status').textContent()).toBe('Type a prompt first.')
    expect(await page.locator('#prompt').getAttribute('aria-invalid')).toBe('true')
    // The server refuses it too, for clients that skip the page.
    const res = await page.evaluate(async () => {
      const r = await fetch('/chat?prompt=%20')
      return [r.status, await r.text()]
    })
    expect(res).toEqual([400, 'prompt is required'])
  })

  it('shows both payloads with render times in ms or µs', async () => {
    for (const id of ['completion-json', 'completion-fast', 'items-json', 'items-fast']) {
      expect(await page.locator(`#${id}-time`).textContent()).toMatch(/^\d+\.\d+ (ms|µs)$/)
      expect(await page.locator(`#${id}-bytes`).textContent()).toMatch(/^[\d,]+$/)
    }
  })

  for (const width of [390, 1280]) {
    it(`fits ${width} px without sideways scrolling`, async () => {
      await page.setViewportSize({ width, height: 900 })
      const overflow = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        // Elements whose right edge passes the viewport.
        wide: [...document.querySelectorAll('body *')]
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
          .map((el) => el.id || el.tagName.toLowerCase()),
        // The table's scroller is a fallback for narrower screens; at these widths it fits.
        tableScrolls: [...document.querySelectorAll('.scroll')].some(
          (el) => el.scrollWidth > el.clientWidth
        ),
      }))
      mkdirSync(ARTIFACTS, { recursive: true })
      await page.screenshot({ path: `${ARTIFACTS}demo-${width}.png`, fullPage: true })
      expect(overflow).toEqual({ page: 0, wide: [], tableScrolls: false })
    })
  }

  it('logs no console or page errors', () => {
    expect(consoleErrors).toEqual([])
  })
})
