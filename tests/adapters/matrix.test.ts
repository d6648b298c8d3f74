/**
 * The response classes through every adapter (h3's describeMatrix): the same expectations
 * directly and over real HTTP via response-kit/node, /express (5 and 4) and /hono.
 */
import { describe, expect, it } from 'vitest'
import { HTTPException } from '../../src/http-exception'
import { JSONResponse } from '../../src/json'
import { PlainTextResponse } from '../../src/plain-text'
import { RedirectResponse } from '../../src/redirect'
import { BaseResponse } from '../../src/response'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { FileResponse } from '../../src/file'
import { lastEventId, SSEResponse } from '../../src/sse'
import { StreamingResponse } from '../../src/streaming'
import { describeAdapters } from '../helpers/describe-adapters'

/** A class whose `prepare` answers from the request, as FileResponse and SSEResponse do. */
class EchoHeaderResponse extends BaseResponse {
  static override mediaType = 'text/plain'
  override prepare(request: Request): Response {
    return new PlainTextResponse(`prepared:${request.headers.get('x-echo') ?? ''}`, { status: 203 })
  }
}

async function* chunks(n: number): AsyncGenerator<string> {
  for (let i = 0; i < n; i++) yield `chunk-${i};`
}

describe('adapters', () => {
  describeAdapters('JSONResponse', (t) => {
    it('sends the body, status, content-type and content-length', async () => {
      const res = await t.fetch(() => new JSONResponse({ a: 1, b: 'ü' }, { status: 201 }))
      expect(res.status).toBe(201)
      expect(res.headers.get('content-type')).toBe('application/json')
      expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength('{"a":1,"b":"ü"}')))
      expect(await res.json()).toEqual({ a: 1, b: 'ü' })
    })

    it('keeps each set-cookie value on its own line', async () => {
      const res = await t.fetch(() =>
        new JSONResponse({}).setCookie('a', '1').setCookie('b', '2, 3')
      )
      expect(res.headers.getSetCookie()).toEqual([
        'a=1; Path=/; SameSite=Lax',
        'b=2%2C%203; Path=/; SameSite=Lax',
      ])
    })

    it('sends headers read and changed after construction', async () => {
      const res = await t.fetch(() => {
        const response = new JSONResponse([1])
        response.headers.set('x-extra', 'yes')
        return response
      })
      expect(res.headers.get('x-extra')).toBe('yes')
      expect(await res.json()).toEqual([1])
    })
  })

  describeAdapters('PlainTextResponse', (t) => {
    it('sends a 204 with no body', async () => {
      const res = await t.fetch(() => new PlainTextResponse(null, { status: 204 }))
      expect(res.status).toBe(204)
      expect(await res.text()).toBe('')
    })

    it('sends a body already read by the handler', async () => {
      const res = await t.fetch(async () => {
        const response = new PlainTextResponse('read twice')
        await response.clone().text()
        return response
      })
      expect(await res.text()).toBe('read twice')
    })
  })

  describeAdapters('RedirectResponse', (t) => {
    it('sends the status and location', async () => {
      const res = await t.fetch(() => new RedirectResponse('/elsewhere?q=1'), '/', {
        redirect: 'manual',
      })
      expect(res.status).toBe(307)
      expect(res.headers.get('location')).toBe('/elsewhere?q=1')
    })
  })

  describeAdapters('StreamingResponse', (t) => {
    it('streams every chunk in order', async () => {
      const res = await t.fetch(
        () => new StreamingResponse(chunks(50), { mediaType: 'text/plain' })
      )
      expect(res.status).toBe(200)
      expect(res.headers.get('content-length')).toBeNull()
      expect(await res.text()).toBe(Array.from({ length: 50 }, (_, i) => `chunk-${i};`).join(''))
    })
  })

  describeAdapters('Response (native)', (t) => {
    it('streams a foreign ReadableStream body', async () => {
      const res = await t.fetch(
        () =>
          new Response(
            new ReadableStream({
              start(controller) {
                controller.enqueue(new TextEncoder().encode('native '))
                controller.enqueue(new TextEncoder().encode('body'))
                controller.close()
              },
            }),
            { headers: { 'x-native': '1' } }
          )
      )
      expect(res.headers.get('x-native')).toBe('1')
      expect(await res.text()).toBe('native body')
    })
  })

  describeAdapters('prepare', (t) => {
    it('answers with what prepare returns for the request', async () => {
      const res = await t.fetch(() => new EchoHeaderResponse('unprepared'), '/', {
        headers: { 'x-echo': 'hi' },
      })
      expect(res.status).toBe(203)
      expect(await res.text()).toBe('prepared:hi')
    })
  })

  describeAdapters(
    'HTTPException',
    (t) => {
      it('answers a thrown HTTPException with its status, JSON and headers', async () => {
        const res = await t.fetch(() => {
          throw new HTTPException(401, 'Sign in', { 'www-authenticate': 'Bearer' })
        })
        expect(res.status).toBe(401)
        expect(res.headers.get('www-authenticate')).toBe('Bearer')
        expect(await res.json()).toEqual({ detail: 'Sign in' })
      })
    },
    ['node', 'express', 'express4', 'hono']
  )

  describeAdapters(
    'the request',
    (t) => {
      it('gives the handler the url, method, headers and body', async () => {
        const res = await t.fetch(
          async (request) =>
            new JSONResponse({
              url: new URL(request.url).pathname + new URL(request.url).search,
              method: request.method,
              header: request.headers.get('x-h'),
              body: await request.text(),
              isRequest: request instanceof Request,
            }),
          '/path/x?y=1',
          { method: 'POST', headers: { 'x-h': 'v' }, body: 'payload' }
        )
        expect(await res.json()).toEqual({
          url: '/path/x?y=1',
          method: 'POST',
          header: 'v',
          body: 'payload',
          isRequest: true,
        })
      })

      it('answers HEAD with the headers and no body', async () => {
        const res = await t.fetch(() => new PlainTextResponse('hello'), '/', { method: 'HEAD' })
        expect(res.status).toBe(200)
        expect(res.headers.get('content-length')).toBe('5')
        expect(await res.text()).toBe('')
      })
    },
    ['node', 'express', 'express4', 'hono']
  )

  describe('real files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rk-matrix-'))
    const file = join(dir, 'digits.txt')
    writeFileSync(file, '0123456789')
    afterAll(() => rmSync(dir, { recursive: true, force: true }))

    describeAdapters('FileResponse', (t) => {
      it('answers a Range request with a 206 and only those bytes', async () => {
        const res = await t.fetch(() => new FileResponse(file), '/', {
          headers: { range: 'bytes=2-5' },
        })
        expect(res.status).toBe(206)
        expect(res.headers.get('content-range')).toBe('bytes 2-5/10')
        expect(res.headers.get('content-length')).toBe('4')
        expect(await res.text()).toBe('2345')
      })

      it('answers 304 to a matching If-None-Match', async () => {
        const first = await t.fetch(() => new FileResponse(file))
        const etag = first.headers.get('etag')!
        expect(await first.text()).toBe('0123456789')
        const res = await t.fetch(() => new FileResponse(file), '/', {
          headers: { 'if-none-match': etag },
        })
        expect(res.status).toBe(304)
        expect(await res.text()).toBe('')
      })

      it('answers 404 for a missing file', async () => {
        const res = await t.fetch(() => new FileResponse(join(dir, 'missing.txt')))
        expect(res.status).toBe(404)
      })
    })
  })

  describeAdapters('SSEResponse', (t) => {
    it('resumes after the Last-Event-ID the client sends', async () => {
      const res = await t.fetch(
        (request) => {
          const from = Number(lastEventId(request) ?? -1) + 1
          return new SSEResponse(
            [0, 1, 2, 3].filter((i) => i >= from).map((i) => ({ id: String(i), data: `e${i}` })),
            { ping: 0 }
          )
        },
        '/',
        { headers: { 'last-event-id': '1' } }
      )
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/)
      expect(await res.text()).toBe('id: 2\ndata: e2\n\nid: 3\ndata: e3\n\n')
    })
  })

  describeAdapters('background', (t) => {
    it('runs background tasks after the body is sent', async () => {
      const ran: string[] = []
      let done!: () => void
      const finished = new Promise<void>((resolve) => (done = resolve))
      const res = await t.fetch(
        () =>
          new PlainTextResponse('body', {
            background: () => {
              ran.push('task')
              done()
            },
          })
      )
      expect(await res.text()).toBe('body')
      await finished
      expect(ran).toEqual(['task'])
    })
  })
})
