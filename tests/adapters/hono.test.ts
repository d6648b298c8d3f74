import { build } from 'esbuild'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { toHonoHandler, prepareResponses } from '../../src/adapters/hono'
import { HTTPException } from '../../src/http-exception'
import { JSONResponse } from '../../src/json'
import { PlainTextResponse } from '../../src/plain-text'
import { BaseResponse } from '../../src/response'

/** Answers from the request in `prepare`, with a body of a different length (as a 206 has). */
class EchoHeaderResponse extends BaseResponse {
  static override mediaType = 'text/plain'
  override prepare(request: Request): Response {
    return new PlainTextResponse(`prepared:${request.headers.get('x-echo') ?? ''}`, { status: 203 })
  }
}

describe('toHonoHandler', () => {
  it('prepares the response against c.req.raw', async () => {
    const app = new Hono()
    app.get(
      '/',
      toHonoHandler(() => new EchoHeaderResponse('a much longer unprepared body'))
    )
    const res = await app.request('/', { headers: { 'x-echo': 'yes' } })
    expect(res.status).toBe(203)
    expect(await res.text()).toBe('prepared:yes')
  })

  it('keeps the prepared answer when a middleware makes Hono re-wrap c.res', async () => {
    const app = new Hono()
    app.use(async (c, next) => {
      // Reading c.res builds it early, so Hono re-wraps the handler's response into it.
      c.res.headers.set('x-middleware', '1')
      await next()
      c.header('x-after', '2')
    })
    app.get(
      '/',
      toHonoHandler(() => new EchoHeaderResponse('unprepared'))
    )
    const res = await app.request('/', { headers: { 'x-echo': 'wrapped' } })
    expect(res.status).toBe(203)
    expect(res.headers.get('x-middleware')).toBe('1')
    expect(res.headers.get('x-after')).toBe('2')
    const text = await res.text()
    expect(text).toBe('prepared:wrapped')
    expect(res.headers.get('content-length')).toBe(String(text.length))
  })

  it('passes Hono’s Context as the second argument', async () => {
    const app = new Hono()
    app.get(
      '/users/:id',
      toHonoHandler((_request, c) => new JSONResponse({ id: c.req.param('id') }))
    )
    expect(await (await app.request('/users/42')).json()).toEqual({ id: '42' })
  })

  it('answers a thrown HTTPException with its JSON', async () => {
    const app = new Hono()
    app.get(
      '/',
      toHonoHandler(() => {
        throw new HTTPException(403)
      })
    )
    const res = await app.request('/')
    expect(res.status).toBe(403)
    expect(await res.json()).toEqual({ detail: 'Forbidden' })
  })

  it('sends other errors to app.onError', async () => {
    const app = new Hono()
    const seen: unknown[] = []
    app.onError((error, c) => {
      seen.push(error)
      return c.text('handled', 500)
    })
    app.get(
      '/',
      toHonoHandler(() => {
        throw new Error('boom')
      })
    )
    app.get(
      '/not-a-response',
      toHonoHandler(() => 'text' as unknown as Response)
    )
    expect(await (await app.request('/')).text()).toBe('handled')
    expect(await (await app.request('/not-a-response')).text()).toBe('handled')
    expect((seen[0] as Error).message).toBe('boom')
    expect(seen[1]).toBeInstanceOf(TypeError)
  })

  it('turns plain values into the defaultResponseClass', async () => {
    const app = new Hono()
    app.get(
      '/:id',
      toHonoHandler((_request, c) => ({ id: c.req.param('id') }), {
        defaultResponseClass: JSONResponse,
      })
    )
    const res = await app.request('/7')
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(await res.json()).toEqual({ id: '7' })
  })

  it('throws TypeError when the handler is not a function', () => {
    expect(() => toHonoHandler(null as never)).toThrow(TypeError)
  })
})

describe('prepareResponses', () => {
  it('prepares a response-kit response returned by a plain Hono route', async () => {
    const app = new Hono()
    app.use(prepareResponses())
    app.get('/', () => new EchoHeaderResponse('unprepared'))
    const res = await app.request('/', { headers: { 'x-echo': 'mw' } })
    expect(res.status).toBe(203)
    expect(await res.text()).toBe('prepared:mw')
  })

  it('keeps the prepared content-length when an earlier middleware set headers', async () => {
    const app = new Hono()
    app.use(async (c, next) => {
      c.header('x-early', '1')
      await next()
    })
    app.use(prepareResponses())
    app.get('/', () => new EchoHeaderResponse('a much longer unprepared body'))
    const res = await app.request('/', { headers: { 'x-echo': 'cl' } })
    const text = await res.text()
    expect(text).toBe('prepared:cl')
    expect(res.headers.get('content-length')).toBe(String(text.length))
  })

  it('leaves plain responses alone', async () => {
    const app = new Hono()
    app.use(prepareResponses())
    app.get('/', (c) => c.text('plain'))
    expect(await (await app.request('/')).text()).toBe('plain')
  })
})

describe('response-kit/hono', () => {
  it('bundles for the neutral platform with no node: import', async () => {
    const result = await build({
      entryPoints: ['src/adapters/hono.ts'],
      bundle: true,
      write: false,
      platform: 'neutral',
      format: 'esm',
      external: ['hono'],
      logLevel: 'silent',
    })
    const code = result.outputFiles[0]!.text
    expect(code).not.toMatch(/from\s*["']node:|require\(["']node:/)
    expect(code).toContain('toHonoHandler')
  })
})
