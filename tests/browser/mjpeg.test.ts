/**
 * The MJPEG example in a real browser: headless Chromium opens its page, whose `<img>` points at
 * the `multipart/x-mixed-replace` feed, and the test checks that the image decodes and that the
 * picture changes as new parts arrive (each frame has its own colour), by sampling a pixel of
 * the image through a canvas.
 */
import { type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startExample, type RunningExample } from '../helpers/run-example'
import { launchChromium } from '../helpers/chromium'

describe('MJPEG feed (examples/mjpeg.ts)', () => {
  let example: RunningExample
  let browser: Browser
  let page: Page
  const consoleErrors: string[] = []

  beforeAll(async () => {
    ;[example, browser] = await Promise.all([
      startExample('examples/mjpeg.ts', { FRAME_MS: '100' }),
      launchChromium(),
    ])
    page = await browser.newPage({ viewport: { width: 640, height: 480 } })
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text())
    })
    page.on('pageerror', (error) => consoleErrors.push(String(error)))
    await page.goto(example.url)
  })

  afterAll(async () => {
    await browser?.close()
    if (example) expect(await example.stop()).toBe(0)
  })

  /** The colour of the image's top-left corner, as `r,g,b`, once a frame has decoded. */
  const corner = () =>
    page.evaluate(() => {
      const img = document.getElementById('feed') as HTMLImageElement
      if (!img.complete && img.naturalWidth === 0) return null
      if (img.naturalWidth === 0) return null
      const canvas = document.createElement('canvas')
      canvas.width = img.naturalWidth
      canvas.height = img.naturalHeight
      const context = canvas.getContext('2d')!
      context.drawImage(img, 0, 0)
      return [...context.getImageData(4, 4, 1, 1).data.slice(0, 3)].join(',')
    })

  it('shows the frames in an <img> and replaces them as parts arrive', async () => {
    await expect.poll(corner, { timeout: 10_000, interval: 25 }).not.toBeNull()
    expect(
      await page.evaluate(() => (document.getElementById('feed') as HTMLImageElement).naturalWidth)
    ).toBe(160)
    const seen = new Set<string>()
    await expect
      .poll(
        async () => {
          const colour = await corner()
          if (colour) seen.add(colour)
          return seen.size
        },
        { timeout: 10_000, interval: 30 }
      )
      .toBeGreaterThanOrEqual(3)
    expect(consoleErrors).toEqual([])
  })
})
