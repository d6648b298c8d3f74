import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fetch } from 'undici'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { defaultResponseClass, toResponse } from '../src/default-response-class'
import { FastJSONResponse } from '../src/fast-json'
import { FileResponse } from '../src/file'
import { HTMLResponse } from '../src/html'
import { HTTPException } from '../src/http-exception'
import { JSONResponse } from '../src/json'
import { PlainTextResponse } from '../src/plain-text'
import { RedirectResponse } from '../src/redirect'
import { BaseResponse, type BaseResponseInit } from '../src/response'
import { SSEResponse } from '../src/sse'
import { StreamingResponse } from '../src/streaming'
import { serve, type TestServer } from './helpers/serve'

const request = (path = '/') => new Request(`http://localhost${path}`)

async function* letters() {
  yield 'a'
  yield 'b'
}

describe('defaultResponseClass', () => {
  describe('plain values', () => {
    it('wraps data in the default class', async () => {
      const res = await defaultResponseClass(JSONResponse)(() => ({ ok: true }))(request())
      expect(res).toBeInstanceOf(JSONResponse)
      expect(res.headers.get('content-type')).toBe('application/json')
      expect(await res.text()).toBe('{"ok":true}')
    })

    it('writes a string as a JSON string under a JSON class, and undefined as null', async () => {
      const app = defaultResponseClass(JSONResponse)
      expect(await (await app(() => 'hi')(request())).text()).toBe('"hi"')
      expect(await (await app(() => undefined)(request())).text()).toBe('null')
    })

    it('sends a string as the body under PlainTextResponse and HTMLResponse', async () => {
      const text = await defaultResponseClass(PlainTextResponse)(() => 'hi')(request())
      const html = await defaultResponseClass(HTMLResponse)(() => '<p>hi</p>')(request())
      expect(text.headers.get('content-type')).toBe('text/plain; charset=utf-8')
      expect(await text.text()).toBe('hi')
      expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(await html.text()).toBe('<p>hi</p>')
    })

    it('uses a string as the URL under RedirectResponse', async () => {
      const res = await defaultResponseClass(RedirectResponse)(() => '/login?next=/a b')(request())
      expect(res.status).toBe(307)
      expect(res.headers.get('location')).toBe('/login?next=/a%20b')
    })

    it('awaits promises and passes the extra arguments through', async () => {
      const handler = defaultResponseClass(JSONResponse)(
        async (req: Request, env: { name: string }) => ({ path: new URL(req.url).pathname, env })
      )
      expect(await (await handler(request('/x'), { name: 'prod' })).json()).toEqual({
        path: '/x',
        env: { name: 'prod' },
      })
    })

    it('treats arrays, Maps and strings as data, not streams', async () => {
      const app = defaultResponseClass(JSONResponse)
      expect(await (await app(() => [1, 2])(request())).text()).toBe('[1,2]')
      expect(await (await app(() => new Map([['a', 1]]))(request())).text()).toBe('{}')
    })

    it('applies the status and headers options to built responses', async () => {
      const app = defaultResponseClass(JSONResponse, { status: 201, headers: { 'x-app': '1' } })
      const res = await app(() => ({}), { headers: { 'x-route': '2' } })(request())
      expect(res.status).toBe(201)
      expect(res.headers.get('x-route')).toBe('2')
      expect(res.headers.get('x-app')).toBeNull()
    })

    it('serialises with a FastJSON class schema (unknown properties dropped)', async () => {
      const User = FastJSONResponse.withSchema({
        type: 'object',
        properties: { id: { type: 'integer' } },
      })
      const res = await defaultResponseClass(User)(() => ({ id: 1, secret: 'x' }))(request())
      expect(await res.text()).toBe('{"id":1}')
    })
  })

  describe('returned responses', () => {
    it('passes any Response through untouched, ours or native', async () => {
      const native = new Response('raw', { status: 202, headers: { 'content-type': 'x/y' } })
      const ours = new HTMLResponse('<b>')
      const app = defaultResponseClass(JSONResponse, { status: 201 })
      expect(await app(() => native)(request())).toBe(native)
      expect(await app(async () => ours)(request())).toBe(ours)
    })

    it('does not trust a parsed JSON body that claims to be a Response', async () => {
      const fake = JSON.parse('{"constructor":{"name":"Response"},"status":302}')
      const res = await defaultResponseClass(JSONResponse)(() => fake)(request())
      expect(res.status).toBe(200)
      expect(await res.json()).toEqual(fake)
    })

    it('returns a thrown Response as the answer', async () => {
      const res = await defaultResponseClass(JSONResponse)(() => {
        throw new Response('gone', { status: 410 })
      })(request())
      expect(res.status).toBe(410)
    })
  })

  describe('under FileResponse', () => {
    let dir: string
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'rk-default-class-'))
      await writeFile(join(dir, 'report.csv'), 'id,name\n1,Ada\n')
    })
    afterAll(() => rm(dir, { recursive: true, force: true }))

    it('uses a returned string as the path of the file to send', async () => {
      const res = await defaultResponseClass(FileResponse)(() => join(dir, 'report.csv'))(request())
      expect(res).toBeInstanceOf(FileResponse)
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/)
      expect(await res.text()).toBe('id,name\n1,Ada\n')
    })

    it('answers a Range request with 206 when prepare is on, and ignores Range when off', async () => {
      const file = join(dir, 'report.csv')
      const ranged = new Request('http://localhost/', { headers: { range: 'bytes=0-1' } })
      const on = await defaultResponseClass(FileResponse, { prepare: true })(() => file)(ranged)
      expect(on.status).toBe(206)
      expect(on.headers.get('content-range')).toBe('bytes 0-1/14')
      expect(await on.text()).toBe('id')
      const off = await defaultResponseClass(FileResponse)(() => file)(ranged)
      expect(off.status).toBe(200)
    })

    it('leaves responses without a prepare hook as they are when prepare is on', async () => {
      const native = new Response('x')
      expect(
        await defaultResponseClass(JSONResponse, { prepare: true })(() => native)(request())
      ).toBe(native)
    })

    it('streams a generator as raw chunks', async () => {
      const res = await defaultResponseClass(FileResponse)(() => letters())(request())
      expect(res).toBeInstanceOf(StreamingResponse)
      expect(await res.text()).toBe('ab')
    })
  })

  describe('per-route override and nesting', () => {
    it('uses the route responseClass instead of the default', async () => {
      const app = defaultResponseClass(JSONResponse)
      const res = await app(() => '<h1>x</h1>', { responseClass: HTMLResponse })(request())
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    })

    it('lets the innermost default win when wrappers nest', async () => {
      const app = defaultResponseClass(JSONResponse)
      const router = defaultResponseClass(PlainTextResponse)
      const outer = defaultResponseClass(HTMLResponse)
      const handler = app(router(outer(() => 'innermost')))
      const res = await handler(request())
      expect(res).toBeInstanceOf(HTMLResponse)
      expect(await res.text()).toBe('innermost')
    })

    it('exposes the class of the wrapper', () => {
      expect(defaultResponseClass(HTMLResponse).responseClass).toBe(HTMLResponse)
    })
  })

  describe('generators and async iterables', () => {
    it('streams JSON Lines (application/jsonl) under a JSON class', async () => {
      const app = defaultResponseClass(JSONResponse)
      const res = await app(function* () {
        yield { n: 1 }
        yield 'two'
      })(request())
      expect(res.headers.get('content-type')).toBe('application/jsonl')
      expect(res.headers.get('content-length')).toBeNull()
      expect(await res.text()).toBe('{"n":1}\n"two"\n')
    })

    it('streams JSON Lines under FastJSONResponse too', async () => {
      const res = await defaultResponseClass(FastJSONResponse)(() => letters())(request())
      expect(res.headers.get('content-type')).toBe('application/jsonl')
      expect(await res.text()).toBe('"a"\n"b"\n')
    })

    it('streams events under SSEResponse', async () => {
      const res = await defaultResponseClass(SSEResponse)(async function* () {
        yield { event: 'tick', data: '1' }
      })(request())
      expect(res).toBeInstanceOf(SSEResponse)
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/)
      expect(await res.text()).toContain('event: tick\ndata: 1\n\n')
    })

    it('streams raw chunks under StreamingResponse', async () => {
      const res = await defaultResponseClass(StreamingResponse)(() => letters())(request())
      expect(res).toBeInstanceOf(StreamingResponse)
      expect(await res.text()).toBe('ab')
    })

    it('streams raw chunks with the class media type under any other class', async () => {
      const res = await defaultResponseClass(PlainTextResponse)(() => letters())(request())
      expect(res).toBeInstanceOf(StreamingResponse)
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
      expect(await res.text()).toBe('ab')
    })

    it('sends a ReadableStream as raw bytes even under a JSON class', async () => {
      const stream = new Response('bytes!').body!
      const res = await defaultResponseClass(JSONResponse)(() => stream)(request())
      expect(res.headers.get('content-type')).toBeNull()
      expect(await res.text()).toBe('bytes!')
    })

    it('answers an HTTPException thrown before the first item with its status', async () => {
      const res = await defaultResponseClass(JSONResponse)(async function* () {
        throw new HTTPException(404, 'No such feed')
        yield 1
      })(request())
      expect(res.status).toBe(404)
      expect(await res.text()).toBe('{"detail":"No such feed"}')
    })
  })

  describe('errors', () => {
    it('answers an HTTPException with its JSON, status and headers', async () => {
      const res = await defaultResponseClass(HTMLResponse)(() => {
        throw new HTTPException(401, 'Sign in', { 'www-authenticate': 'Bearer' })
      })(request())
      expect(res.status).toBe(401)
      expect(res.headers.get('www-authenticate')).toBe('Bearer')
      expect(await res.text()).toBe('{"detail":"Sign in"}')
    })

    it('answers other errors with a generic 500 and reports them to onError', async () => {
      const onError = vi.fn()
      const error = new Error('secret internals')
      const res = await defaultResponseClass(JSONResponse, { onError })(async () => {
        throw error
      })(request())
      expect(res.status).toBe(500)
      expect(await res.text()).toBe('{"detail":"Internal Server Error"}')
      expect(onError).toHaveBeenCalledWith(error, { phase: 'adapter' })
    })

    it('answers a value the class rejects with a 500 (a BigInt under JSON)', async () => {
      const onError = vi.fn()
      const res = await defaultResponseClass(JSONResponse, { onError })(() => ({ n: 1n }))(
        request()
      )
      expect(res.status).toBe(500)
      expect(String(onError.mock.calls[0]![0])).toMatch(/\$\.n/)
    })

    it('checks status and headers when the route is wrapped, not per request', () => {
      const app = defaultResponseClass(JSONResponse)
      expect(() => app(() => 1, { status: 99 })).toThrow(RangeError)
      expect(() => app(() => 1, { headers: { 'x-a': 'b\r\nset-cookie: x' } })).toThrow(TypeError)
      expect(() => defaultResponseClass(JSONResponse, { status: 600 })(() => 1)).toThrow(RangeError)
    })

    it('throws a TypeError for a class that is not a Response class, or a bad handler', () => {
      expect(() => defaultResponseClass(Object as never)).toThrow(/Response class/)
      expect(() => defaultResponseClass('JSONResponse' as never)).toThrow(TypeError)
      const app = defaultResponseClass(JSONResponse)
      expect(() => app(42 as never)).toThrow(/handler must be a function/)
      expect(() => app(() => 1, { responseClass: Date as never })).toThrow(/responseClass/)
    })
  })

  describe('fromReturnValue hook', () => {
    it('lets a class decide how a returned value becomes a response', async () => {
      class PathResponse extends BaseResponse {
        static override mediaType: string | null = 'text/plain'
        static fromReturnValue(value: unknown, init: BaseResponseInit): Response {
          return new PathResponse(`file at ${String(value)}`, init)
        }
      }
      const res = await defaultResponseClass(PathResponse, { status: 203 })(() => '/tmp/a.txt')(
        request()
      )
      expect(res.status).toBe(203)
      expect(await res.text()).toBe('file at /tmp/a.txt')
    })
  })

  describe('over HTTP', () => {
    let server: TestServer
    const closed = vi.fn()
    beforeAll(async () => {
      const app = defaultResponseClass(JSONResponse)
      const routes: Record<string, (req: Request) => Promise<Response>> = {
        '/user': app(() => ({ id: 1, name: 'Ada' })),
        '/lines': app(async function* () {
          yield { n: 1 }
          yield { n: 2 }
        }),
        '/forever': app(async function* () {
          try {
            for (let n = 0; ; n++) {
              yield { n }
              await new Promise((r) => setTimeout(r, 5))
            }
          } finally {
            closed()
          }
        }),
        '/missing': app(() => {
          throw new HTTPException(404)
        }),
      }
      server = await serve((req) => routes[new URL(req.url).pathname]!(req))
    })
    afterAll(() => server.close())

    it('serves data as JSON', async () => {
      const res = await fetch(`${server.url}/user`)
      expect(res.headers.get('content-type')).toBe('application/json')
      expect(await res.json()).toEqual({ id: 1, name: 'Ada' })
    })

    it('serves a generator as JSON Lines', async () => {
      const res = await fetch(`${server.url}/lines`)
      expect(res.headers.get('content-type')).toBe('application/jsonl')
      expect(await res.text()).toBe('{"n":1}\n{"n":2}\n')
    })

    it('serves an HTTPException as its status and detail', async () => {
      const res = await fetch(`${server.url}/missing`)
      expect(res.status).toBe(404)
      expect(await res.json()).toEqual({ detail: 'Not Found' })
    })

    it('runs the generator finally block when the client leaves mid-stream', async () => {
      const controller = new AbortController()
      const res = await fetch(`${server.url}/forever`, { signal: controller.signal })
      const reader = res.body!.getReader()
      const first = await reader.read()
      expect(new TextDecoder().decode(first.value)).toContain('{"n":0}')
      controller.abort()
      await vi.waitFor(() => expect(closed).toHaveBeenCalledTimes(1), { timeout: 5000 })
    })
  })
})

describe('toResponse', () => {
  it('builds the response for one value under a class', async () => {
    const res = await toResponse({ a: 1 }, JSONResponse, { status: 202 })
    expect(res.status).toBe(202)
    expect(await res.text()).toBe('{"a":1}')
  })
})
