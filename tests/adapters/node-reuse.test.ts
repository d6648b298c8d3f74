import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fetch } from 'undici'
import { afterEach, describe, expect, it } from 'vitest'
import { writeResponse } from '../../src/adapters/node'
import type { ErrorContext } from '../../src/index'
import { PlainTextResponse } from '../../src/plain-text'
import { StreamingResponse } from '../../src/streaming'

const servers: Server[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

/** Serves the same instance to every request through `writeResponse`. */
async function serveShared(response: Response, errors: [unknown, ErrorContext][]) {
  const server = createServer((_req, res) => {
    void writeResponse(res, response, {
      onError: (error, context) => errors.push([error, context]),
    })
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

describe('writeResponse', () => {
  describe('the same streaming instance written twice', () => {
    it('answers 500 the second time and reports a used body, starting the source once', async () => {
      let starts = 0
      async function* source() {
        starts++
        yield 'a'
      }
      const errors: [unknown, ErrorContext][] = []
      const url = await serveShared(new StreamingResponse(source()), errors)
      const first = await fetch(url)
      expect(await first.text()).toBe('a')
      const second = await fetch(url)
      expect(second.status).toBe(500)
      expect(await second.json()).toEqual({ detail: 'Internal Server Error' })
      expect(starts).toBe(1)
      expect(errors).toHaveLength(1)
      expect(errors[0]![0]).toBeInstanceOf(TypeError)
      expect((errors[0]![0] as Error).message).toMatch(/already been read/)
      expect(errors[0]![1]).toEqual({ phase: 'adapter' })
    })

    it('leaves the instance with a used body, as a native Response once read', async () => {
      const response = new StreamingResponse(['a', 'b'])
      const url = await serveShared(response, [])
      expect(await (await fetch(url)).text()).toBe('ab')
      expect(response.bodyUsed).toBe(true)
      await expect(response.text()).rejects.toBeInstanceOf(TypeError)
      await expect(response.arrayBuffer()).rejects.toBeInstanceOf(TypeError)
      expect(() => response.clone()).toThrow(TypeError)
      expect(response.headers.get('content-type')).toBeNull()
    })
  })

  describe('the same fixed-body instance written twice', () => {
    it('sends the same body each time and keeps the body unused', async () => {
      const response = new PlainTextResponse('hello')
      const errors: [unknown, ErrorContext][] = []
      const url = await serveShared(response, errors)
      expect(await (await fetch(url)).text()).toBe('hello')
      expect(await (await fetch(url)).text()).toBe('hello')
      expect(errors).toEqual([])
      expect(response.bodyUsed).toBe(false)
      expect(await response.text()).toBe('hello')
    })
  })
})
