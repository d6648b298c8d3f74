/**
 * Writes the frames of examples/mjpeg.ts: ten 160×120 JPEGs, each a different colour with its
 * number, drawn by headless Chromium (Debian's, through playwright-core) and saved as
 * examples/mjpeg/frame-NN.jpg. Run once; the output is committed, so the example needs nothing.
 *
 *   node scripts/make-mjpeg-frames.mjs
 */
import { fileURLToPath, URL } from 'node:url'
import { chromium } from 'playwright-core'

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
})
const page = await browser.newPage({ viewport: { width: 160, height: 120 } })
for (let i = 0; i < 10; i++) {
  const hue = i * 36
  await page.setContent(
    `<body style="margin:0;height:120px;display:grid;place-items:center;background:hsl(${hue} 70% 45%);color:white;font:bold 64px sans-serif">${i + 1}</body>`
  )
  const name = `frame-${String(i + 1).padStart(2, '0')}.jpg`
  await page.screenshot({
    path: fileURLToPath(new URL(`../examples/mjpeg/${name}`, import.meta.url)),
    type: 'jpeg',
    quality: 70,
  })
}
await browser.close()
