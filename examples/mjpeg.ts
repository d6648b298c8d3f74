/**
 * A webcam-style MJPEG feed: `multipart/x-mixed-replace`, the format IP cameras and
 * `<img src="/feed">` have understood for decades. Each part is one JPEG; the browser replaces
 * the image with every part it receives, so a plain `<img>` plays it with no script. The body is
 * a generator behind `StreamingResponse`: a frame goes out only when the client has read the
 * last one (backpressure), and when the viewer closes the tab the generator's `finally` runs,
 * where a real camera would be released. The frames are ten small JPEGs in examples/mjpeg/
 * (made by scripts/make-mjpeg-frames.mjs), standing in for a camera.
 *
 *   npm run example -- examples/mjpeg.ts
 *   open http://127.0.0.1:PORT/                       (an <img> playing the feed)
 *   curl -s 'http://127.0.0.1:PORT/feed?frames=3' | head -c 300
 */
import { readdirSync, readFileSync } from 'node:fs'
import { HTMLResponse, PlainTextResponse, StreamingResponse } from 'response-kit'
import { serve } from './_shared/serve'

const dir = new URL('./mjpeg/', import.meta.url)
const frames = readdirSync(dir)
  .filter((name) => name.endsWith('.jpg'))
  .sort()
  .map((name) => readFileSync(new URL(name, dir)))

/** Any token without spaces or quotes; it must not occur inside a frame's bytes. */
const BOUNDARY = 'response-kit-frame'
const FRAME_MS = Number(process.env.FRAME_MS ?? 100)
const encoder = new TextEncoder()

/** Yields `count` parts (forever when `Infinity`), one every `FRAME_MS`. */
async function* feed(count: number, signal: AbortSignal) {
  let sent = 0
  try {
    while (sent < count) {
      const frame = frames[sent % frames.length]!
      // RFC 2046 multipart: a delimiter line, the part's headers, a blank line, the bytes.
      yield encoder.encode(
        `--${BOUNDARY}\r\ncontent-type: image/jpeg\r\ncontent-length: ${frame.length}\r\n\r\n`
      )
      yield frame
      yield encoder.encode('\r\n')
      sent++
      if (sent < count) await new Promise((resolve) => setTimeout(resolve, FRAME_MS))
      signal.throwIfAborted()
    }
    yield encoder.encode(`--${BOUNDARY}--\r\n`)
  } finally {
    if (sent < count) console.log(`viewer left after ${sent} frames; camera released`)
  }
}

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <link rel="icon" href="data:," />
    <title>MJPEG feed</title>
  </head>
  <body style="font-family: system-ui, sans-serif; margin: 1.5rem">
    <h1>Camera</h1>
    <img id="feed" src="/feed" width="320" height="240" alt="live camera feed" />
  </body>
</html>`

await serve('mjpeg', (request) => {
  const url = new URL(request.url)
  switch (url.pathname) {
    case '/':
      return new HTMLResponse(PAGE)
    case '/feed': {
      const count = url.searchParams.has('frames')
        ? Number(url.searchParams.get('frames'))
        : Infinity
      if (!(count === Infinity || (Number.isInteger(count) && count > 0)))
        return new PlainTextResponse('frames must be a positive integer', { status: 400 })
      return new StreamingResponse(feed(count, request.signal), {
        mediaType: `multipart/x-mixed-replace; boundary=${BOUNDARY}`,
        // A live feed: never cache a frame.
        headers: { 'cache-control': 'no-store' },
      })
    }
    default:
      return new PlainTextResponse('try / or /feed', { status: 404 })
  }
})
