import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import compression from 'compression'
import { EventSourceParserStream } from 'eventsource-parser/stream'
import express from 'express'
import express4 from 'express4'
import { fetch } from 'undici'
import { afterEach, describe, expect, it } from 'vitest'
import { writeResponse, toExpressHandler } from '../../src/adapters/express'
import { HTTPException } from '../../src/http-exception'
import { JSONResponse } from '../../src/json'
import { PlainTextResponse } from '../../src/plain-text'
import { BaseResponse } from '../../src/response'
import { SSEResponse } from '../../src/sse'

const servers: Server[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

type App = ReturnType<typeof express>

async function listen(app: App): Promise<string> {
  const server = createServer(app)
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** Express's error middleware: answers 418 with the error's message, so tests can see it. */
function errorsTo418(app: App, seen: unknown[]): void {
  app.use((error: unknown, _req: unknown, res: import('express').Response, _next: unknown) => {
    seen.push(error)
    res.status(418).send(`next got: ${(error as Error).message}`)
  })
}

const versions = [
  ['Express 5', express],
  ['Express 4', express4],
] as const

describe('toExpressHandler', () => {
  for (const [version, create] of versions) {
    describe(version, () => {
      it('reads a body already parsed by express.json()', async () => {
        const app = create()
        app.use(express.json())
        app.post(
          '/echo',
          toExpressHandler(async (request) => new JSONResponse({ got: await request.json() }))
        )
        const res = await fetch(`${await listen(app)}/echo`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ a: [1, 2], b: 'ü' }),
        })
        expect(await res.json()).toEqual({ got: { a: [1, 2], b: 'ü' } })
      })

      it('reads a form already parsed by express.urlencoded()', async () => {
        const app = create()
        app.use(express.urlencoded({ extended: false }))
        app.post(
          '/form',
          toExpressHandler(async (request) => {
            const form = await request.formData()
            return new JSONResponse({ name: form.get('name'), tags: form.getAll('tag') })
          })
        )
        const res = await fetch(`${await listen(app)}/form`, {
          method: 'POST',
          body: new URLSearchParams([
            ['name', 'Zoë'],
            ['tag', 'a'],
            ['tag', 'b'],
          ]),
        })
        expect(await res.json()).toEqual({ name: 'Zoë', tags: ['a', 'b'] })
      })

      it('sees req.originalUrl under a mounted router', async () => {
        const app = create()
        const router = create.Router()
        router.get(
          '/items',
          toExpressHandler((request) => {
            const url = new URL(request.url)
            return new PlainTextResponse(url.pathname + url.search)
          })
        )
        app.use('/api', router)
        const res = await fetch(`${await listen(app)}/api/items?x=1`)
        expect(await res.text()).toBe('/api/items?x=1')
      })

      it('passes a thrown error to next when nothing has been sent', async () => {
        const app = create()
        const seen: unknown[] = []
        app.get(
          '/',
          toExpressHandler(() => {
            throw new Error('handler failed')
          })
        )
        errorsTo418(app, seen)
        const res = await fetch(await listen(app))
        expect(res.status).toBe(418)
        expect(await res.text()).toBe('next got: handler failed')
        expect(seen).toHaveLength(1)
      })

      it('passes a rejection from prepare to next', async () => {
        class Broken extends BaseResponse {
          override async prepare(): Promise<Response> {
            throw new Error('prepare failed')
          }
        }
        const app = create()
        app.get(
          '/',
          toExpressHandler(() => new Broken('x'))
        )
        errorsTo418(app, [])
        const res = await fetch(await listen(app))
        expect(await res.text()).toBe('next got: prepare failed')
      })

      it('answers an HTTPException itself instead of calling next', async () => {
        const app = create()
        const seen: unknown[] = []
        app.get(
          '/',
          toExpressHandler(() => {
            throw new HTTPException(404, 'No such thing')
          })
        )
        errorsTo418(app, seen)
        const res = await fetch(await listen(app))
        expect(res.status).toBe(404)
        expect(await res.json()).toEqual({ detail: 'No such thing' })
        expect(seen).toEqual([])
      })

      it('turns plain values into the defaultResponseClass and still passes errors to next', async () => {
        const app = create()
        app.get(
          '/value',
          toExpressHandler(() => ({ v: 1 }), { defaultResponseClass: JSONResponse })
        )
        app.get(
          '/error',
          toExpressHandler(
            () => {
              throw new Error('value handler failed')
            },
            { defaultResponseClass: JSONResponse }
          )
        )
        errorsTo418(app, [])
        const url = await listen(app)
        expect(await (await fetch(`${url}/value`)).json()).toEqual({ v: 1 })
        expect(await (await fetch(`${url}/error`)).text()).toBe('next got: value handler failed')
      })

      it('keeps headers set by earlier middleware', async () => {
        const app = create()
        app.use((_req, res, next) => {
          res.setHeader('x-request-id', 'abc')
          next()
        })
        app.get(
          '/',
          toExpressHandler(() => new PlainTextResponse('ok'))
        )
        const res = await fetch(await listen(app))
        expect(res.headers.get('x-request-id')).toBe('abc')
        expect(await res.text()).toBe('ok')
      })

      it('flushes SSE events one by one under compression()', async () => {
        const app = create()
        app.use(compression())
        const received: ((value?: unknown) => void)[] = []
        const acks = Array.from({ length: 5 }, () => new Promise((r) => received.push(r)))
        async function* events() {
          for (let i = 0; i < 5; i++) {
            yield { id: String(i), data: `event ${i}` }
            // The next event is made only once the client has parsed this one: a buffering
            // compression stream would never let it through, and the test would time out.
            await acks[i]
          }
        }
        app.get(
          '/events',
          toExpressHandler(() => new SSEResponse(events(), { ping: 0 }))
        )
        const res = await fetch(`${await listen(app)}/events`, {
          headers: { 'accept-encoding': 'gzip' },
        })
        expect(res.headers.get('content-encoding')).toBe('gzip')
        const body = res.body as unknown as ReadableStream<Uint8Array>
        const reader = body
          .pipeThrough(new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>)
          .pipeThrough(new EventSourceParserStream())
          .getReader()
        const data: string[] = []
        for (;;) {
          const { done, value } = await reader.read()
          if (done || value === undefined) break
          data.push(value.data)
          received[Number(value.id)]!()
        }
        expect(data).toEqual(['event 0', 'event 1', 'event 2', 'event 3', 'event 4'])
      }, 10_000)
    })
  }
})

describe('writeResponse', () => {
  it('sends a Response from a plain Express route, prepared against req', async () => {
    class EchoHeaderResponse extends BaseResponse {
      override prepare(request: Request): Response {
        return new PlainTextResponse(`for ${request.headers.get('x-who')}`)
      }
    }
    const app = express()
    app.get('/', (_req, res, next) => {
      writeResponse(res, new EchoHeaderResponse('unprepared')).catch(next)
    })
    const res = await fetch(await listen(app), { headers: { 'x-who': 'me' } })
    expect(await res.text()).toBe('for me')
  })

  it('rejects with TypeError when response is not a Response', async () => {
    const app = express()
    app.get('/', (_req, res) => {
      writeResponse(res, {} as Response).catch((error: unknown) => {
        res.status(200).send((error as Error).constructor.name)
      })
    })
    expect(await (await fetch(await listen(app))).text()).toBe('TypeError')
  })
})
