import { createServer, request as httpRequest, type Server } from 'node:http'
import { connect, createServer as createH2Server, type Http2Server } from 'node:http2'
import type { AddressInfo } from 'node:net'
import { Agent, fetch } from 'undici'
import { afterEach, describe, expect, it } from 'vitest'
import { toNodeListener, writeResponse, type FetchHandler } from '../../src/adapters/node'
import type { ErrorContext } from '../../src/index'
import { JSONResponse } from '../../src/json'
import { PlainTextResponse } from '../../src/plain-text'
import { BaseResponse } from '../../src/response'
import { StreamingResponse } from '../../src/streaming'

const servers: (Server | Http2Server)[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) {
    if ('closeAllConnections' in server) server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

async function listen(server: Server | Http2Server): Promise<string> {
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

function serveHandler(handler: FetchHandler, onError?: (e: unknown, c: ErrorContext) => void) {
  return listen(createServer(toNodeListener(handler, onError ? { onError } : {})))
}

/** A fixed response whose statusText getter lies (native Response would reject it). */
function withStatusText(response: Response, statusText: string): Response {
  Object.defineProperty(response, 'statusText', { value: statusText })
  return response
}

describe('toNodeListener', () => {
  describe('errors before the head', () => {
    it('answers 500 with a generic body when the handler throws, and reports it', async () => {
      const errors: [unknown, ErrorContext][] = []
      const url = await serveHandler(
        () => {
          throw new Error('secret detail')
        },
        (error, context) => errors.push([error, context])
      )
      const res = await fetch(url)
      expect(res.status).toBe(500)
      expect(await res.json()).toEqual({ detail: 'Internal Server Error' })
      expect(errors).toHaveLength(1)
      expect((errors[0]![0] as Error).message).toBe('secret detail')
      expect(errors[0]![1]).toEqual({ phase: 'adapter' })
    })

    it('answers 500 when prepare rejects', async () => {
      class Broken extends BaseResponse {
        override async prepare(): Promise<Response> {
          throw new Error('prepare failed')
        }
      }
      const errors: unknown[] = []
      const url = await serveHandler(
        () => new Broken('x'),
        (error) => errors.push(error)
      )
      const res = await fetch(url)
      expect(res.status).toBe(500)
      expect((errors[0] as Error).message).toBe('prepare failed')
    })

    it('answers 500 when the handler returns something that is not a Response', async () => {
      const errors: unknown[] = []
      const url = await serveHandler(
        () => ({ not: 'a response' }) as unknown as Response,
        (error) => errors.push(error)
      )
      const res = await fetch(url)
      expect(res.status).toBe(500)
      expect(errors[0]).toBeInstanceOf(TypeError)
    })

    it('throws TypeError when the handler is not a function', () => {
      expect(() => toNodeListener('nope' as unknown as FetchHandler)).toThrow(TypeError)
    })
  })

  describe('errors mid-stream', () => {
    it('breaks the response and reports a foreign stream failure', async () => {
      const errors: [unknown, ErrorContext][] = []
      const url = await serveHandler(
        () =>
          new Response(
            new ReadableStream({
              pull(controller) {
                if ((this as { sent?: boolean }).sent) throw new Error('source broke')
                ;(this as { sent?: boolean }).sent = true
                controller.enqueue(new TextEncoder().encode('first'))
              },
            })
          ),
        (error, context) => errors.push([error, context])
      )
      const res = await fetch(url)
      expect(res.status).toBe(200)
      await expect(res.text()).rejects.toThrow()
      expect((errors[0]![0] as Error).message).toBe('source broke')
      expect(errors[0]![1]).toEqual({ phase: 'stream' })
    })

    it('breaks the response when a StreamingResponse source throws, reporting to its onError', async () => {
      const errors: unknown[] = []
      async function* failing() {
        yield 'ok;'
        throw new Error('generator broke')
      }
      const url = await serveHandler(
        () => new StreamingResponse(failing(), { onError: (error) => errors.push(error) })
      )
      const res = await fetch(url)
      await expect(res.text()).rejects.toThrow()
      expect((errors[0] as Error).message).toBe('generator broke')
    })

    it('reports a StreamingResponse failure to the adapter onError when the response has none', async () => {
      const errors: [unknown, ErrorContext][] = []
      async function* failing() {
        yield 'ok;'
        throw new Error('generator broke')
      }
      const url = await serveHandler(
        () => new StreamingResponse(failing()),
        (error, context) => errors.push([error, context])
      )
      const res = await fetch(url)
      await expect(res.text()).rejects.toThrow()
      expect(errors).toHaveLength(1)
      expect((errors[0]![0] as Error).message).toBe('generator broke')
      expect(errors[0]![1]).toEqual({ phase: 'stream' })
    })
  })

  describe('the request', () => {
    it('aborts request.signal when the client leaves before the end', async () => {
      let aborted!: (reason: unknown) => void
      const abortedReason = new Promise((resolve) => (aborted = resolve))
      const url = await serveHandler((request) => {
        request.signal.addEventListener('abort', () => aborted(request.signal.reason))
        async function* forever() {
          for (;;) {
            yield 'tick\n'
            await new Promise((resolve) => setTimeout(resolve, 10))
          }
        }
        return new StreamingResponse(forever())
      })
      const controller = new AbortController()
      const res = await fetch(url, { signal: controller.signal })
      const reader = res.body!.getReader()
      await reader.read()
      controller.abort()
      expect(await abortedReason).toMatchObject({ name: 'AbortError' })
    })

    it('gives a native Request from clone(), usable with new Request() and fetch()', async () => {
      const url = await serveHandler(async (request) => {
        const copy = new Request(request.clone())
        return new JSONResponse({ url: copy.url, method: copy.method, body: await copy.text() })
      })
      const res = await fetch(`${url}/copy`, { method: 'PUT', body: 'data' })
      expect(await res.json()).toEqual({ url: `${url}/copy`, method: 'PUT', body: 'data' })
    })

    it('falls back to localhost when the Host header is not a valid authority', async () => {
      const url = await serveHandler((request) => new PlainTextResponse(request.url))
      const body = await new Promise<string>((resolve, reject) => {
        const { port } = new URL(url)
        const req = httpRequest({ port, host: '127.0.0.1', path: '/p?q', headers: { host: 'a b' } })
        req.on('response', (res) => {
          let text = ''
          res.on('data', (c: Buffer) => (text += c.toString()))
          res.on('end', () => resolve(text))
        })
        req.on('error', reject)
        req.end()
      })
      expect(body).toBe('http://localhost/p?q')
    })

    it('drains a partly read body so the next request on the connection is answered', async () => {
      const url = await serveHandler(async (request) => {
        if (request.method === 'POST') {
          const reader = request.body!.getReader()
          await reader.read()
          return new PlainTextResponse('partial')
        }
        return new PlainTextResponse('next')
      })
      const agent = new Agent({ connections: 1 })
      const big = new Uint8Array(4 * 1024 * 1024)
      const first = await fetch(url, { method: 'POST', body: big, dispatcher: agent })
      expect(await first.text()).toBe('partial')
      const second = await fetch(url, { dispatcher: agent })
      expect(await second.text()).toBe('next')
      await agent.close()
    })
  })

  describe('HEAD', () => {
    it('ends at once without pulling an endless streaming source', async () => {
      let pulled = 0
      async function* endless() {
        for (;;) {
          pulled++
          yield 'x'
        }
      }
      const url = await serveHandler(() => new StreamingResponse(endless()))
      const res = await fetch(url, { method: 'HEAD' })
      expect(res.status).toBe(200)
      // Node makes HEAD writes no-ops that report success: pumping would never end.
      expect(await res.text()).toBe('')
      expect(pulled).toBe(0)
    })
  })

  describe('header bytes', () => {
    /** The raw head bytes of a GET, read from a plain socket. */
    async function rawHead(url: string): Promise<Buffer> {
      const { hostname, port } = new URL(url)
      return new Promise((resolve, reject) => {
        const req = httpRequest({ host: hostname, port, path: '/' }, (res) => {
          res.resume()
          res.on('end', () => resolve(Buffer.from(res.rawHeaders.join('\n'), 'latin1')))
        })
        req.on('error', reject)
        req.end()
      })
    }

    it.each([
      ['a string body', () => new PlainTextResponse('x', { headers: { 'x-test': 'é' } })],
      [
        'a bytes body',
        () => new BaseResponse(new Uint8Array([120]), { headers: { 'x-test': 'é' } }),
      ],
      ['a stream', () => new StreamingResponse(['x'], { headers: { 'x-test': 'é' } })],
    ])('sends a Latin-1 header value as one byte per character with %s', async (_, make) => {
      const url = await serveHandler(make)
      const head = await rawHead(url)
      // Node's parser reads header bytes as Latin-1: one byte E9 comes back as "é".
      expect(head.includes(Buffer.from('x-test\né', 'latin1'))).toBe(true)
      expect(head.includes(Buffer.from([0xc3, 0xa9]))).toBe(false)
    })
  })

  describe('close reasons', () => {
    it('tells onClose "end" after the last chunk and "disconnect" when the client leaves', async () => {
      const reasons: string[] = []
      async function* slow() {
        yield 'first'
        await new Promise((resolve) => setTimeout(resolve, 10_000))
      }
      const url = await serveHandler((request) =>
        new URL(request.url).pathname === '/slow'
          ? new StreamingResponse(slow(), { onClose: (reason) => reasons.push(reason) })
          : new StreamingResponse(['a', 'b'], { onClose: (reason) => reasons.push(reason) })
      )
      expect(await (await fetch(url)).text()).toBe('ab')
      const controller = new AbortController()
      const res = await fetch(`${url}/slow`, { signal: controller.signal })
      const reader = res.body!.getReader()
      expect(new TextDecoder().decode((await reader.read()).value)).toBe('first')
      controller.abort()
      await expect.poll(() => reasons).toEqual(['end', 'disconnect'])
    })
  })

  describe('defaultResponseClass', () => {
    it('turns plain values and generators into responses of the class', async () => {
      const url = await listen(
        createServer(
          toNodeListener(
            (request) => {
              if (request.url.endsWith('/gen')) {
                return (function* () {
                  yield { n: 1 }
                  yield { n: 2 }
                })()
              }
              return { plain: true }
            },
            { defaultResponseClass: JSONResponse }
          )
        )
      )
      const plain = await fetch(url)
      expect(plain.headers.get('content-type')).toBe('application/json')
      expect(await plain.json()).toEqual({ plain: true })
      const lines = await (await fetch(`${url}/gen`)).text()
      expect(lines).toBe('{"n":1}\n{"n":2}\n')
    })

    it('answers 500 for a plain value without the option', async () => {
      const url = await serveHandler(
        () => ({ plain: true }) as unknown as Response,
        () => {}
      )
      expect((await fetch(url)).status).toBe(500)
    })
  })

  describe('HTTP/2', () => {
    it('drops hop-by-hop headers and sends the body', async () => {
      const server = createH2Server(
        toNodeListener(
          () =>
            new PlainTextResponse('over h2', {
              headers: { connection: 'keep-alive', 'keep-alive': 'timeout=5', 'x-kept': '1' },
            })
        )
      )
      const url = await listen(server)
      const client = connect(url)
      const { headers, body } = await new Promise<{
        headers: Record<string, unknown>
        body: string
      }>((resolve, reject) => {
        const stream = client.request({ ':path': '/' })
        let body = ''
        let headers: Record<string, unknown> = {}
        stream.on('response', (h) => (headers = h))
        stream.on('data', (c: Buffer) => (body += c.toString()))
        stream.on('end', () => resolve({ headers, body }))
        stream.on('error', reject)
        stream.end()
      })
      client.close()
      expect(headers[':status']).toBe(200)
      expect(headers['connection']).toBeUndefined()
      expect(headers['keep-alive']).toBeUndefined()
      expect(headers['x-kept']).toBe('1')
      expect(body).toBe('over h2')
    })
  })
})

describe('writeResponse', () => {
  async function serveWith(write: (res: import('node:http').ServerResponse) => Promise<void>) {
    return listen(createServer((_req, res) => void write(res)))
  }

  it('sends a custom reason phrase', async () => {
    const url = await serveWith((res) =>
      writeResponse(res, new Response('x', { status: 200, statusText: 'Fine' }))
    )
    const status = await new Promise<string>((resolve) =>
      httpRequest(url, (res) => resolve(`${res.statusCode} ${res.statusMessage}`)).end()
    )
    expect(status).toBe('200 Fine')
  })

  it('drops a reason phrase that holds CR or LF', async () => {
    const url = await serveWith((res) =>
      writeResponse(res, withStatusText(new JSONResponse({}), 'OK\r\nX-Injected: 1'))
    )
    const [status, injected] = await new Promise<[string, unknown]>((resolve) =>
      httpRequest(url, (res) =>
        resolve([`${res.statusCode} ${res.statusMessage}`, res.headers['x-injected']])
      ).end()
    )
    expect(status).toBe('200 OK')
    expect(injected).toBeUndefined()
  })

  it('reports and sends nothing when the head was already sent', async () => {
    const errors: unknown[] = []
    const url = await serveWith(async (res) => {
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.write('mine')
      await writeResponse(res, new PlainTextResponse('theirs'), {
        onError: (error) => errors.push(error),
      })
      res.end()
    })
    expect(await (await fetch(url)).text()).toBe('mine')
    expect(String(errors[0])).toMatch(/already sent/)
  })

  it('rejects with TypeError when res is not a Node response', async () => {
    await expect(writeResponse({} as never, new Response('x'))).rejects.toThrow(TypeError)
  })

  it('rejects with TypeError when response is not a Response', async () => {
    const url = await serveWith(async (res) => {
      await expect(writeResponse(res, 'x' as unknown as Response)).rejects.toThrow(TypeError)
      res.end('checked')
    })
    expect(await (await fetch(url)).text()).toBe('checked')
  })

  it('resolves once a stream has been sent, with headers set on res kept', async () => {
    let resolved = false
    const url = await serveWith(async (res) => {
      res.setHeader('x-before', 'kept')
      await writeResponse(res, new StreamingResponse(['a', 'b', 'c']))
      resolved = true
    })
    const res = await fetch(url)
    expect(res.headers.get('x-before')).toBe('kept')
    expect(await res.text()).toBe('abc')
    expect(resolved).toBe(true)
  })
})
