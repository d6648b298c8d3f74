/**
 * Every adapter over `node:http2`'s secure server (self-signed certificate made for the run),
 * with two real HTTP/2 clients: curl (`--http2 -k`) and Node's `http2.connect`. JSON, streams,
 * SSE, files with Range, hop-by-hop headers, and a client RST_STREAM cancelling a stream.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import http2 from 'node:http2'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { toExpressHandler } from '../../src/adapters/express'
import { FileResponse } from '../../src/file'
import { JSONResponse, SSEResponse, StreamingResponse } from '../../src/index'
import {
  curl,
  curlHasHTTP2,
  h2Connect,
  h2Fetch,
  H2_ADAPTERS,
  makeCertificate,
  startH2Server,
  type Certificate,
  type H2Adapter,
  type H2Handler,
  type H2Server,
} from '../helpers/http2'

/** Connection-specific fields HTTP/2 forbids (RFC 9113 §8.2.2). */
const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection']

const HANDLER_HEADER = 'x-rk-test-handler'

/** Rejects when `promise` has not settled within `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms).unref()
    ),
  ])
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}

let certificate: Certificate
const dir = mkdtempSync(join(tmpdir(), 'rk-h2-files-'))
const file = join(dir, 'digits.txt')
writeFileSync(file, '0123456789')

beforeAll(async () => {
  if (!(await curlHasHTTP2())) throw new Error('this curl has no HTTP2 feature (curl -V)')
  certificate = await makeCertificate()
})
afterAll(async () => {
  await certificate?.remove()
  rmSync(dir, { recursive: true, force: true })
})

describe.each(H2_ADAPTERS.map((adapter) => [adapter]))('HTTP/2 [%s]', (adapter: H2Adapter) => {
  const handlers = new Map<string, H2Handler>()
  let server: H2Server
  let next = 0
  // Node's compat API warns when it drops a `connection` header itself; the spy keeps a
  // passing run quiet and lets the tests say whether the adapter left it to Node.
  const warnings: string[] = []

  beforeAll(async () => {
    vi.spyOn(process, 'emitWarning').mockImplementation((warning: string | Error) => {
      warnings.push(String(warning))
    })
    server = await startH2Server(
      adapter,
      (request) => {
        const handler = handlers.get(request.headers.get(HANDLER_HEADER) ?? '')
        return handler ? handler(request) : new Response('no handler', { status: 599 })
      },
      certificate
    )
  })
  afterAll(async () => {
    await server?.close()
    vi.restoreAllMocks()
  })

  /** Registers `handler` and returns the header that routes a request to it. */
  function route(handler: H2Handler): Record<string, string> {
    const id = String(next++)
    handlers.set(id, handler)
    return { [HANDLER_HEADER]: id }
  }
  const curlHeader = (headers: Record<string, string>) =>
    Object.entries(headers).flatMap(([name, value]) => ['-H', `${name}: ${value}`])

  describe('JSONResponse', () => {
    it('answers curl --http2 with the status, content-type, content-length and body', async () => {
      const headers = route(() => new JSONResponse({ a: 1, b: 'ü' }, { status: 201 }))
      const res = await curl(server.url, ['--http2', ...curlHeader(headers)])
      expect(res.protocol).toBe('HTTP/2')
      expect(res.status).toBe(201)
      expect(res.headers['content-type']).toEqual(['application/json'])
      expect(res.headers['content-length']).toEqual([String(Buffer.byteLength('{"a":1,"b":"ü"}'))])
      expect(JSON.parse(res.body.toString())).toEqual({ a: 1, b: 'ü' })
    })

    it("answers Node's http2 client, keeping each set-cookie apart", async () => {
      const headers = route(() => new JSONResponse([1]).setCookie('a', '1').setCookie('b', '2'))
      const res = await h2Fetch(server.url, certificate, '/', headers)
      expect(res.status).toBe(200)
      expect(res.headers['set-cookie']).toEqual([
        'a=1; Path=/; SameSite=Lax',
        'b=2; Path=/; SameSite=Lax',
      ])
      expect(JSON.parse(res.body.toString())).toEqual([1])
    })
  })

  describe('StreamingResponse', () => {
    it('sends the first chunk before the source produces the next (no buffering)', async () => {
      const firstSeen = deferred()
      const headers = route(
        () =>
          new StreamingResponse(
            (async function* () {
              yield 'first;'
              // Only a client that already holds the first chunk lets the stream go on.
              await firstSeen.promise
              yield 'second;'
            })(),
            { mediaType: 'text/plain' }
          )
      )
      const session = h2Connect(server.url, certificate)
      try {
        const req = session.request({ ':path': '/', ...headers })
        let body = ''
        req.setEncoding('utf8')
        req.on('data', (chunk: string) => {
          body += chunk
          if (body.includes('first;')) firstSeen.resolve()
        })
        await within(new Promise((resolve) => req.on('end', resolve)), 5000, 'the end of the body')
        expect(body).toBe('first;second;')
      } finally {
        session.close()
      }
    })

    it('streams every chunk to curl --http2 with no content-length', async () => {
      async function* chunks() {
        for (let i = 0; i < 20; i++) yield `chunk-${i};`
      }
      const headers = route(() => new StreamingResponse(chunks(), { mediaType: 'text/plain' }))
      const res = await curl(server.url, ['--http2', '-N', ...curlHeader(headers)])
      expect(res.protocol).toBe('HTTP/2')
      expect(res.status).toBe(200)
      expect(res.headers['content-length']).toBeUndefined()
      expect(res.body.toString()).toBe(Array.from({ length: 20 }, (_, i) => `chunk-${i};`).join(''))
    })
  })

  describe('SSEResponse', () => {
    const events = () =>
      new SSEResponse([{ id: '1', event: 'tick', data: { n: 1 } }, 'two\nlines'], { ping: 0 })
    const encoded = 'event: tick\nid: 1\ndata: {"n":1}\n\ndata: two\ndata: lines\n\n'

    it('streams events to curl --http2 with the SSE headers', async () => {
      const res = await curl(server.url, ['--http2', '-N', ...curlHeader(route(events))])
      expect(res.protocol).toBe('HTTP/2')
      expect(res.headers['content-type']).toEqual(['text/event-stream; charset=utf-8'])
      expect(res.headers['cache-control']).toEqual(['no-cache'])
      expect(res.headers['x-accel-buffering']).toEqual(['no'])
      expect(res.body.toString()).toBe(encoded)
    })

    it("streams events to Node's http2 client", async () => {
      const res = await h2Fetch(server.url, certificate, '/', route(events))
      expect(res.status).toBe(200)
      expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8')
      expect(res.body.toString()).toBe(encoded)
    })
  })

  describe('FileResponse', () => {
    it('answers a single Range with a 206 and only those bytes', async () => {
      const headers = route(() => new FileResponse(file))
      const res = await curl(server.url, [
        '--http2',
        '-H',
        'range: bytes=2-5',
        ...curlHeader(headers),
      ])
      expect(res.protocol).toBe('HTTP/2')
      expect(res.status).toBe(206)
      expect(res.headers['content-range']).toEqual(['bytes 2-5/10'])
      expect(res.headers['content-length']).toEqual(['4'])
      expect(res.body.toString()).toBe('2345')
    })

    it('answers several ranges with a multipart/byteranges 206', async () => {
      const headers = route(() => new FileResponse(file))
      const res = await h2Fetch(server.url, certificate, '/', { ...headers, range: 'bytes=0-1,7-' })
      expect(res.status).toBe(206)
      const type = String(res.headers['content-type'])
      const boundary = /^multipart\/byteranges; boundary=(.+)$/.exec(type)?.[1]
      expect(boundary).toBeDefined()
      expect(res.headers['content-range']).toBeUndefined()
      expect(res.headers['content-length']).toBe(String(res.body.length))
      const parts = res.body
        .toString()
        .split(`--${boundary}`)
        .slice(1, -1)
        .map((part) => {
          const [head = '', body] = part.split('\r\n\r\n')
          return { range: /content-range: (.+)/i.exec(head)?.[1], body: body?.replace(/\r\n$/, '') }
        })
      expect(parts).toEqual([
        { range: 'bytes 0-1/10', body: '01' },
        { range: 'bytes 7-9/10', body: '789' },
      ])
    })
  })

  describe('hop-by-hop headers', () => {
    it('sends none when the handler sets connection: keep-alive', async () => {
      warnings.length = 0
      const withKeepAlive = (response: Response) => {
        response.headers.set('connection', 'keep-alive')
        return response
      }
      const fixed = route(() => withKeepAlive(new JSONResponse({ ok: true })))
      const streamed = route(() =>
        withKeepAlive(new StreamingResponse(['a', 'b'], { mediaType: 'text/plain' }))
      )
      const native = route(
        () => new Response('native', { headers: { connection: 'keep-alive', 'x-kept': '1' } })
      )
      for (const headers of [fixed, streamed, native]) {
        const res = await h2Fetch(server.url, certificate, '/', headers)
        expect(res.status).toBe(200)
        for (const name of HOP_BY_HOP) expect(res.headers[name]).toBeUndefined()
        const viaCurl = await curl(server.url, ['--http2', ...curlHeader(headers)])
        expect(viaCurl.protocol).toBe('HTTP/2')
        for (const name of HOP_BY_HOP) expect(viaCurl.headers[name]).toBeUndefined()
      }
    })

    // @hono/node-server copies the headers to Node as they are, and Node answers four of them
    // with ERR_HTTP2_INVALID_CONNECTION_HEADERS, rethrown out of the process: the Hono adapter
    // drops them on HTTP/2 first.
    it('removes all five before Node sees them (no warning, no invalid-header error)', async () => {
      warnings.length = 0
      const headers = route(() => {
        const response = new JSONResponse({ ok: true })
        for (const name of HOP_BY_HOP) response.headers.set(name, 'x')
        response.headers.set('connection', 'keep-alive')
        return response
      })
      const res = await h2Fetch(server.url, certificate, '/', headers)
      expect(res.status).toBe(200)
      expect(JSON.parse(res.body.toString())).toEqual({ ok: true })
      for (const name of HOP_BY_HOP) expect(res.headers[name]).toBeUndefined()
      expect(warnings).toEqual([])
    })
  })

  describe('client cancel (RST_STREAM)', () => {
    function endless(kind: 'stream' | 'sse') {
      const finallyRan = deferred()
      let yielded = 0
      async function* ticks() {
        try {
          for (;;) {
            yielded++
            yield kind === 'sse' ? { data: `tick ${yielded}` } : `tick ${yielded}\n`
            await new Promise((resolve) => setTimeout(resolve, 5))
          }
        } finally {
          finallyRan.resolve()
        }
      }
      const response = () =>
        kind === 'sse' ? new SSEResponse(ticks(), { ping: 0 }) : new StreamingResponse(ticks())
      return { response, finallyRan: finallyRan.promise, count: () => yielded }
    }

    it.each(['stream', 'sse'] as const)(
      "runs the %s generator's finally within 1 s of NGHTTP2_CANCEL",
      async (kind) => {
        const source = endless(kind)
        const session = h2Connect(server.url, certificate)
        try {
          const req = session.request({ ':path': '/', ...route(source.response) })
          req.on('error', () => {})
          const first = await new Promise<string>((resolve) =>
            req.once('data', (chunk: Buffer) => resolve(chunk.toString()))
          )
          expect(first).toContain('tick 1')
          req.close(http2.constants.NGHTTP2_CANCEL)
          await within(source.finallyRan, 1000, "the generator's finally")
          const after = source.count()
          await new Promise((resolve) => setTimeout(resolve, 50))
          expect(source.count()).toBe(after)
          // The session outlives the cancelled stream: the next request on it is answered.
          const again = session.request({ ':path': '/', ...route(() => new JSONResponse(2)) })
          let body = ''
          again.setEncoding('utf8')
          again.on('data', (chunk: string) => (body += chunk))
          await within(new Promise((resolve) => again.on('end', resolve)), 5000, 'a second answer')
          expect(body).toBe('2')
        } finally {
          session.close()
        }
      }
    )
  })
})

// Express 5's app swaps req/res prototypes for http.IncomingMessage/ServerResponse ones
// (express/lib/application.js), so it cannot answer HTTP/2 requests; with `allowHTTP1` the
// same secure server still serves HTTP/1.1 clients (ALPN) through it.
describe('an Express 5 app on the HTTP/2 secure server', () => {
  it('serves HTTP/1.1 clients through toExpressHandler', async () => {
    const app = express()
    app.get(
      '/events',
      toExpressHandler(() => new SSEResponse(['a', 'b'], { ping: 0 }))
    )
    const server = http2.createSecureServer(
      { key: certificate.key, cert: certificate.cert, allowHTTP1: true },
      app as unknown as Parameters<typeof http2.createSecureServer>[1]
    )
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/events`
      const res = await curl(url, ['--http1.1', '-N'])
      expect(res.protocol).toBe('HTTP/1.1')
      expect(res.headers['content-type']).toEqual(['text/event-stream; charset=utf-8'])
      expect(res.body.toString()).toBe('data: a\n\ndata: b\n\n')
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })
})
