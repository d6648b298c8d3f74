/**
 * Every example in examples/ is started as a reader would start it (`PORT=0`), answers the
 * request its header documents, and exits cleanly on SIGTERM. Bun, Deno and Worker entry files
 * are run by the runtime matrix (tests/runtimes/), not here.
 */
import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { request } from 'undici'
import { createParser, type EventSourceMessage } from 'eventsource-parser'
import { demoBytes } from '../examples/_shared/demo-data'
import { replyFor, tokenize } from '../examples/_shared/fake-model'
import { startExample, type RunningExample } from './helpers/run-example'

/** Fast tokens: the fake model's delay only has to be long enough to separate chunks. */
const ENV = { TOKEN_DELAY_MS: '5' }
/**
 * For the tests that need the client to see a reply before it is complete. The example runs in
 * its own process with nothing to gate on, so its pace is the only handle: at 5 ms a token, a
 * client on a loaded machine that looked away for 90 ms found the whole reply in one chunk
 * (and, leaving after it, no generation to stop). At 100 ms it would have to look away for the
 * whole 1.8 s reply.
 */
const SLOW_TOKENS = { TOKEN_DELAY_MS: '100' }

/** Example files this suite has started; checked against examples/ at the end. */
const started = new Set<string>()
/**
 * Examples started by another suite: entry files for other runtimes (run by
 * tests/runtimes/examples.test.ts), an example that needs a service (Redis: run by
 * tests/streams/example.test.ts, which starts one) and the useChat example (run by
 * tests/examples-use-chat.test.ts with the AI SDK's own client).
 */
const ELSEWHERE = [
  'examples/bun.ts',
  'examples/deno.ts',
  'examples/resumable-redis.ts',
  'examples/use-chat.ts',
  'examples/worker.ts',
]

async function withExample(
  file: string,
  check: (example: RunningExample) => Promise<void>,
  env: Record<string, string> = {}
): Promise<void> {
  started.add(file)
  const example = await startExample(file, { ...ENV, ...env })
  try {
    await check(example)
  } finally {
    const code = await example.stop()
    expect(code, `${file} exit code after SIGTERM\n${example.output()}`).toBe(0)
  }
}

/** Resolves once `condition()` holds; rejects after `timeoutMs`. */
async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** Reads SSE events until `count` have arrived (all of them when omitted), then cancels. */
async function readEvents(res: Response, count = Infinity): Promise<EventSourceMessage[]> {
  const events: EventSourceMessage[] = []
  const parser = createParser({ onEvent: (event) => events.push(event) })
  const decoder = new TextDecoder()
  const reader = res.body!.getReader()
  while (events.length < count) {
    const { done, value } = await reader.read()
    if (done) return events
    parser.feed(decoder.decode(value, { stream: true }))
  }
  await reader.cancel()
  return events
}

describe('examples', () => {
  describe.concurrent('node', () => {
    it('redirects.ts answers 301, 307 with an encoded location, and 303 with a cookie', () =>
      withExample('examples/redirects.ts', async ({ url }) => {
        const moved = await request(`${url}/old-page`)
        expect(moved.statusCode).toBe(301)
        expect(moved.headers.location).toBe('/new-page')
        await moved.body.dump()

        const search = await request(`${url}/search?q=${encodeURIComponent('I ♥ JS')}`)
        expect(search.statusCode).toBe(307)
        expect(search.headers.location).toBe('/results/I%20%E2%99%A5%20JS')
        await search.body.dump()

        const login = await request(`${url}/login`, { method: 'POST' })
        expect(login.statusCode).toBe(303)
        expect(login.headers['set-cookie']).toMatch(/^session=demo; .*HttpOnly/)
        await login.body.dump()

        const followed = await fetch(`${url}/search?q=a%20b`)
        expect(await followed.text()).toBe('results for a b')
      }))

    it('llm-tokens.ts streams plain-text tokens in separate chunks', () =>
      withExample(
        'examples/llm-tokens.ts',
        async ({ url }) => {
          const res = await request(`${url}/text?prompt=hi`)
          expect(res.headers['content-type']).toBe('text/plain; charset=utf-8')
          const chunks: string[] = []
          for await (const chunk of res.body) chunks.push(String(chunk))
          expect(chunks.join('')).toBe(replyFor('hi'))
          expect(chunks.length).toBeGreaterThan(1)
        },
        SLOW_TOKENS
      ))

    it('llm-tokens.ts sends one SSE token event per token, then done', () =>
      withExample('examples/llm-tokens.ts', async ({ url }) => {
        const res = await fetch(`${url}/sse?prompt=hi`)
        expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
        const events = await readEvents(res)
        const tokens = events.filter((e) => e.event === 'token').map((e) => e.data)
        expect(tokens).toEqual(tokenize(replyFor('hi')))
        expect(events.at(-1)).toMatchObject({ event: 'done', data: `{"tokens":${tokens.length}}` })
      }))

    it('llm-tokens.ts stops generating when the client leaves', () =>
      withExample(
        'examples/llm-tokens.ts',
        async (example) => {
          const controller = new AbortController()
          const res = await fetch(`${example.url}/text?prompt=bye`, { signal: controller.signal })
          const reader = res.body!.getReader()
          await reader.read()
          controller.abort()
          await waitFor(() => /client left/.test(example.output()))
        },
        SLOW_TOKENS
      ))

    it('ollama-ndjson.ts streams Ollama-shaped NDJSON lines ending with done', () =>
      withExample('examples/ollama-ndjson.ts', async ({ url }) => {
        const res = await request(`${url}/api/generate`, {
          method: 'POST',
          body: JSON.stringify({ model: 'fake', prompt: 'hi' }),
        })
        expect(res.headers['content-type']).toBe('application/x-ndjson')
        const lines = (await res.body.text())
          .trimEnd()
          .split('\n')
          .map((l) => JSON.parse(l))
        expect(
          lines
            .slice(0, -1)
            .map((l) => l.response)
            .join('')
        ).toBe(replyFor('hi'))
        expect(lines.at(-1)).toMatchObject({ done: true, done_reason: 'stop', response: '' })
        const relay = await request(`${url}/relay?prompt=hi`)
        expect(relay.headers['content-type']).toBe('text/plain; charset=utf-8')
        expect(await relay.body.text()).toBe(replyFor('hi'))
        const bad = await request(`${url}/api/generate`, { method: 'POST', body: '{' })
        expect(bad.statusCode).toBe(400)
        await bad.body.dump()
      }))

    it('file-download.ts serves a range, a 304 and a non-ASCII download name, and refuses ..', () =>
      withExample(
        'examples/file-download.ts',
        async ({ url }) => {
          const big = demoBytes(1 << 20)
          const full = await request(`${url}/files/big.bin`)
          expect(full.statusCode).toBe(200)
          expect(full.headers['accept-ranges']).toBe('bytes')
          expect(Buffer.from(await full.body.arrayBuffer()).equals(big)).toBe(true)

          const part = await request(`${url}/files/big.bin`, {
            headers: { range: 'bytes=1000-1099' },
          })
          expect(part.statusCode).toBe(206)
          expect(part.headers['content-range']).toBe(`bytes 1000-1099/${big.length}`)
          expect(new Uint8Array(await part.body.arrayBuffer())).toEqual(big.subarray(1000, 1100))

          const again = await request(`${url}/files/big.bin`, {
            headers: { 'if-none-match': String(full.headers.etag) },
          })
          expect(again.statusCode).toBe(304)
          await again.body.dump()

          const cv = await request(`${url}/files/${encodeURIComponent('résumé.txt')}`)
          expect(cv.headers['content-type']).toBe('text/plain; charset=utf-8')
          expect(cv.headers['content-disposition']).toContain(
            "filename*=UTF-8''r%C3%A9sum%C3%A9.txt"
          )
          expect(await cv.body.text()).toBe('Ada Lovelace: analyst, programmer.\n')

          // Every 404 has the same body, whether the path was refused, missing or elsewhere.
          for (const path of [
            '/files/..%2F..%2Fetc%2Fpasswd',
            '/files/../../etc/passwd',
            '/nope',
          ]) {
            const miss = await request(`${url}${path}`)
            expect(miss.statusCode, path).toBe(404)
            expect(miss.headers['content-type'], path).toBe('application/json')
            expect(await miss.body.text(), path).toBe('{"detail":"Not Found"}')
          }
        },
        { BIG_FILE_SIZE: String(1 << 20) }
      ))

    it('dashboard.ts serves the page and continues metrics after Last-Event-ID', () =>
      withExample(
        'examples/dashboard.ts',
        async ({ url }) => {
          const page = await request(url)
          expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
          expect(await page.body.text()).toContain("new EventSource('/metrics')")
          const res = await fetch(`${url}/metrics`, { headers: { 'last-event-id': '41' } })
          const [first, second] = await readEvents(res, 2)
          expect(first).toMatchObject({ id: '42', event: 'metrics' })
          expect(second).toMatchObject({ id: '43', event: 'metrics' })
          expect(JSON.parse(first!.data)).toMatchObject({ viewers: 1 })
        },
        { DASHBOARD_INTERVAL_MS: '20' }
      ))

    it('node-http.ts (the demo) answers its page, chat events and a 100-byte range', () =>
      withExample(
        'examples/node-http.ts',
        async ({ url }) => {
          const page = await request(url)
          expect(await page.body.text()).toContain('<h1>response-kit demo</h1>')
          const chat = await readEvents(await fetch(`${url}/chat?id=t1&prompt=hi`))
          expect(chat.filter((e) => e.event === 'token').map((e) => e.data)).toEqual(
            tokenize(replyFor('hi'))
          )
          const part = await request(`${url}/download/demo.bin`, {
            headers: { range: 'bytes=0-99' },
          })
          expect(part.statusCode).toBe(206)
          expect(new Uint8Array(await part.body.arrayBuffer())).toEqual(
            demoBytes(4096).subarray(0, 100)
          )
        },
        { DEMO_FILE_SIZE: '4096' }
      ))

    it('fast-json-embeddings.ts returns 1536-float unit vectors and drops unlisted fields', () =>
      withExample('examples/fast-json-embeddings.ts', async ({ url }) => {
        const res = await request(`${url}/v1/embeddings`, {
          method: 'POST',
          body: JSON.stringify({ model: 'm', input: ['hello', 'world'] }),
        })
        expect(res.headers['content-type']).toBe('application/json')
        const text = await res.body.text()
        const body = JSON.parse(text)
        expect(text).toBe(JSON.stringify(body)) // compact, and numbers round-trip
        expect(body).toMatchObject({ object: 'list', model: 'm', usage: { total_tokens: 2 } })
        expect(body).not.toHaveProperty('cacheKey')
        expect(body.data.map((d: any) => [d.index, d.embedding.length])).toEqual([
          [0, 1536],
          [1, 1536],
        ])
        const norm = Math.hypot(...(body.data[0].embedding as number[]))
        expect(norm).toBeCloseTo(1, 9)
        const bad = await request(`${url}/v1/embeddings`, { method: 'POST', body: '{"input":1}' })
        expect(bad.statusCode).toBe(400)
        await bad.body.dump()
      }))

    it('default-response-class.ts builds JSON, JSON Lines, SSE, HTML, redirects and errors', () =>
      withExample('examples/default-response-class.ts', async (example) => {
        const { url } = example
        const get = async (path: string) => {
          const res = await request(`${url}${path}`)
          return { status: res.statusCode, headers: res.headers, text: await res.body.text() }
        }
        const user = await get('/users/1')
        expect(user).toMatchObject({ status: 200, text: '{"id":1,"name":"Ada"}' })
        expect(user.headers['x-powered-by']).toBe('response-kit')
        expect(await get('/users/9')).toMatchObject({
          status: 404,
          text: '{"detail":"user 9 not found"}',
        })
        const lines = await get('/users.jsonl')
        expect(lines.text).toBe('{"id":1,"name":"Ada"}\n{"id":2,"name":"Grace"}\n')
        const events = await get('/events')
        expect(events.headers['content-type']).toBe('text/event-stream; charset=utf-8')
        expect(events.text).toContain('event: user\ndata: {"id":2,"name":"Grace"}\n\n')
        expect((await get('/')).headers['content-type']).toBe('text/html; charset=utf-8')
        expect((await get('/home')).headers.location).toBe('/')
        expect(await get('/teapot')).toMatchObject({ status: 418, text: "I'm a teapot" })
        expect((await get('/created')).status).toBe(201)
        const boom = await get('/boom')
        expect(boom.status).toBe(500)
        expect(boom.text).not.toContain('hunter2')
        await waitFor(() => example.output().includes('handler failed: database password'))
      }))

    it('openai-bridge.ts relays upstream Responses API deltas as SSE and as text', () =>
      withExample('examples/openai-bridge.ts', async (example) => {
        const { url } = example
        const events = await readEvents(await fetch(`${url}/chat?prompt=hi`))
        const data = events.map((e) => JSON.parse(e.data))
        expect(
          data
            .slice(0, -1)
            .map((d) => d.content)
            .join('')
        ).toBe(replyFor('hi'))
        expect(data.at(-1)).toEqual({ done: true })
        const text = await request(`${url}/chat.txt?prompt=hi`)
        expect(await text.body.text()).toBe(replyFor('hi'))
        const failed = await readEvents(await fetch(`${url}/chat?prompt=fail`))
        expect(failed.map((e) => JSON.parse(e.data))).toEqual([
          { error: { message: 'Slow down', code: 'rate_limit' } },
        ])
        const failedText = await request(`${url}/chat.txt?prompt=fail`)
        expect(failedText.statusCode).toBe(502)
        expect(await failedText.body.text()).toBe('upstream error: Slow down (rate_limit)\n')
        expect(example.output()).not.toMatch(/\n\s+at /) // no stack trace on the server
      }))

    it('mjpeg.ts sends JPEG parts of multipart/x-mixed-replace and releases the camera', () =>
      withExample(
        'examples/mjpeg.ts',
        async (example) => {
          const res = await request(`${example.url}/feed?frames=3`)
          const type = String(res.headers['content-type'])
          expect(type).toBe('multipart/x-mixed-replace; boundary=response-kit-frame')
          const body = Buffer.from(await res.body.arrayBuffer())
          // Split on the delimiter: 3 parts, each a JPEG (SOI ff d8 … EOI ff d9) of its length.
          const parts = body.toString('latin1').split('--response-kit-frame')
          expect(parts.at(-1)).toBe('--\r\n')
          const jpegs = parts.slice(1, -1).map((part) => {
            const [head, rest] = [
              part.slice(0, part.indexOf('\r\n\r\n')),
              part.slice(part.indexOf('\r\n\r\n') + 4),
            ]
            const bytes = Buffer.from(rest.slice(0, -2), 'latin1')
            expect(head).toContain('content-type: image/jpeg')
            expect(head).toContain(`content-length: ${bytes.length}`)
            return bytes
          })
          expect(jpegs).toHaveLength(3)
          for (const jpeg of jpegs) {
            expect([jpeg[0], jpeg[1], jpeg.at(-2), jpeg.at(-1)]).toEqual([0xff, 0xd8, 0xff, 0xd9])
          }
          expect(jpegs[0]!.equals(jpegs[1]!)).toBe(false)

          const controller = new AbortController()
          const live = await fetch(`${example.url}/feed`, { signal: controller.signal })
          await live.body!.getReader().read()
          controller.abort()
          await waitFor(() => /camera released/.test(example.output()))
        },
        { FRAME_MS: '10' }
      ))

    it('express.ts answers JSON, echoes a body parsed by express.json(), streams NDJSON', () =>
      withExample('examples/express.ts', async ({ url }) => {
        const hello = await request(`${url}/api/hello`)
        expect(await hello.body.json()).toEqual({ hello: '/api/hello' })
        const echo = await request(`${url}/api/echo`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"a":1}',
        })
        expect(await echo.body.json()).toEqual({ received: { a: 1 } })
        const count = await request(`${url}/api/count`)
        expect(await count.body.text()).toBe('{"n":1}\n{"n":2}\n{"n":3}\n')
        const fail = await request(`${url}/api/fail`)
        expect(fail.statusCode).toBe(500)
        expect(await fail.body.json()).toMatchObject({ handledBy: 'express' })
      }))

    it('hono.ts answers JSON, SSE and a Range on a Blob', () =>
      withExample('examples/hono.ts', async ({ url }) => {
        const hello = await request(`${url}/api/hello/ada`)
        expect(await hello.body.json()).toEqual({ hello: 'ada' })
        const ticks = await readEvents(await fetch(`${url}/api/ticks`))
        expect(ticks.map((e) => [e.id, e.event, e.data])).toEqual([
          ['1', 'tick', '{"i":1}'],
          ['2', 'tick', '{"i":2}'],
          ['3', 'tick', '{"i":3}'],
        ])
        const part = await request(`${url}/notes.txt`, { headers: { range: 'bytes=0-4' } })
        expect(part.statusCode).toBe(206)
        expect(part.headers['content-range']).toMatch(/^bytes 0-4\/\d+$/)
        expect(await part.body.text()).toBe('hello')
        const missing = await request(`${url}/nope`)
        expect(missing.statusCode).toBe(404)
        await missing.body.dump()
      }))

    // The shutdown behaviour itself (finish, then retry: on SSE) is tested in
    // tests/production/shutdown.test.ts.
    it('graceful-shutdown.ts answers and exits 0 on SIGTERM', () =>
      withExample('examples/graceful-shutdown.ts', async ({ url }) => {
        const home = await request(url)
        expect(await home.body.text()).toBe('try /events or /report\n')
      }))
  })

  it('starts every example file in examples/ (or leaves it to the suite that runs it)', () => {
    const files = readdirSync(new URL('../examples/', import.meta.url))
      .filter((name) => name.endsWith('.ts'))
      .map((name) => `examples/${name}`)
    expect(files.filter((file) => !started.has(file)).sort()).toEqual(ELSEWHERE)
  })
})
