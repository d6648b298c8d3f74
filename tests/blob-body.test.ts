/**
 * A `Blob` as a rendered body (issue #11): content-length, the body accessors, background tasks
 * and the no-added-content-type rule, in lazy mode (Node) and eager mode (every other runtime),
 * and the Blob form `FileResponse` renders for a one-range answer.
 */
import { request as httpRequest } from 'node:http'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { BaseResponse, type RenderedBody } from '../src/response'
import { FileResponse } from '../src/file'
import { toNodeListener } from '../src/adapters/node'
import { getState } from '../src/internal/core/state'
import { serve, type TestServer } from './helpers/serve'

// The mode is fixed when src/internal/core/mode.ts loads: an eager copy, loaded with the switch set.
vi.resetModules()
const FLAG = Symbol.for('response-kit.lazy')
;(globalThis as Record<symbol, unknown>)[FLAG] = false
const eager = {
  BaseResponse: (await import('../src/response')).BaseResponse,
  LAZY: (await import('../src/internal/core/mode')).LAZY,
}
delete (globalThis as Record<symbol, unknown>)[FLAG]

const TEXT = 'blob body é\n'.repeat(50)
const BYTES = new TextEncoder().encode(TEXT)

/** A class whose render returns the Blob it is given. */
function blobClass(Base: typeof BaseResponse, mediaType: string | null) {
  return class BlobResponse extends Base {
    static override mediaType = mediaType
    static override render(content: unknown): RenderedBody {
      return content as Blob
    }
  }
}

const modes = [
  ['lazy', BaseResponse],
  ['eager', eager.BaseResponse],
] as const

describe('BaseResponse', () => {
  it('loads an eager copy for the eager cases', () => {
    expect(eager.LAZY).toBe(false)
  })

  describe.each(modes)('with a Blob body in %s mode', (_mode, Base) => {
    it('sets content-length to the Blob size and reads back the same bytes', async () => {
      const Class = blobClass(Base, 'text/plain')
      const res = new Class(new Blob([BYTES]))
      expect(res.headers.get('content-length')).toBe(String(BYTES.byteLength))
      expect(res.bodyUsed).toBe(false)
      const copy = res.clone()
      expect(await res.text()).toBe(TEXT)
      expect(res.bodyUsed).toBe(true)
      expect(await copy.text()).toBe(TEXT)
    })

    it('adds no content-type when there is no media type, even for a typed Blob', async () => {
      const Class = blobClass(Base, null)
      const res = new Class(new Blob([BYTES], { type: 'application/x-typed' }))
      expect(res.headers.get('content-type')).toBeNull()
      expect(res.headers.get('content-length')).toBe(String(BYTES.byteLength))
      expect((await res.blob()).type).toBe('')
      expect(
        new Uint8Array(await new Class(new Blob([BYTES], { type: 'a/b' })).arrayBuffer())
      ).toEqual(BYTES)
    })

    it('keeps the caller content-type over the Blob type', () => {
      const Class = blobClass(Base, 'text/csv')
      const res = new Class(new Blob(['a,b'], { type: 'application/x-other' }))
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    })

    it('runs background tasks only after the last chunk has been read', async () => {
      const Class = blobClass(Base, 'text/plain')
      const order: string[] = []
      const res = new Class(new Blob([BYTES]), { background: () => void order.push('task') })
      const reader = res.body!.getReader()
      let read = 0
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        read += value.byteLength
        order.push('chunk')
      }
      await new Promise((r) => setTimeout(r, 10))
      expect(read).toBe(BYTES.byteLength)
      expect(order.at(-1)).toBe('task')
      expect(order.filter((x) => x === 'task')).toHaveLength(1)
    })
  })
})

describe('BaseResponse', () => {
  describe('with a Blob body through the Node writer', () => {
    let server: TestServer | undefined
    afterEach(async () => {
      await server?.close()
      server = undefined
    })

    /** One raw request, so HEAD's absent body and the exact head can be seen. */
    function raw(
      url: string,
      method: string
    ): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
      return new Promise((resolve, reject) => {
        const req = httpRequest(url, { method }, (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () =>
            resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) })
          )
        })
        req.on('error', reject)
        req.end()
      })
    }

    it('sends the bytes with content-length, nothing for HEAD, and tasks after the body', async () => {
      const Class = blobClass(BaseResponse, 'text/plain')
      const tasks: string[] = []
      const handler = (request: Request) =>
        new Class(new Blob([BYTES]), { background: () => void tasks.push(request.method) })
      server = await serve(handler, toNodeListener(handler))
      const get = await raw(server.url, 'GET')
      expect(get.status).toBe(200)
      expect(get.headers['content-length']).toBe(String(BYTES.byteLength))
      expect(get.headers['transfer-encoding']).toBeUndefined()
      expect(get.body.toString()).toBe(TEXT)
      const head = await raw(server.url, 'HEAD')
      expect(head.headers['content-length']).toBe(String(BYTES.byteLength))
      expect(head.body.byteLength).toBe(0)
      await vi.waitFor(() => expect(tasks).toEqual(['GET', 'HEAD']))
    })

    it('answers a second write of the same response with a 500: the Blob was used', async () => {
      const Class = blobClass(BaseResponse, 'text/plain')
      const shared = new Class(new Blob([BYTES]))
      const errors: unknown[] = []
      const handler = () => shared
      server = await serve(handler, toNodeListener(handler, { onError: (e) => errors.push(e) }))
      expect((await raw(server.url, 'GET')).body.toString()).toBe(TEXT)
      expect(shared.bodyUsed).toBe(true)
      expect((await raw(server.url, 'GET')).status).toBe(500)
      expect(errors).toHaveLength(1)
    })
  })
})

describe('FileResponse', () => {
  describe('the body a one-range answer renders', () => {
    const data = new Uint8Array(4096).map((_, i) => i % 251)
    const blob = new Blob([data], { type: 'application/x-test' })
    const answer = (headers: Record<string, string> = {}) =>
      new FileResponse(blob, { mtime: 0 }).prepare(new Request('http://x/', { headers }))
    const body = (res: Response) => getState(res)!.body

    it('is a slice of the Blob for the whole file and for one range', async () => {
      const full = await answer()
      expect(full.status).toBe(200)
      expect(body(full)).toBeInstanceOf(Blob)
      expect((body(full) as Blob).size).toBe(4096)
      const ranged = await answer({ range: 'bytes=100-199' })
      expect(ranged.status).toBe(206)
      expect(body(ranged)).toBeInstanceOf(Blob)
      expect(new Uint8Array(await ranged.arrayBuffer())).toEqual(data.subarray(100, 200))
      const unprepared = new FileResponse(blob)
      expect(body(unprepared)).toBeInstanceOf(Blob)
    })

    it('is a stream for several ranges, and for a 200 to a request with Range', async () => {
      const multi = await answer({ range: 'bytes=0-9,100-109' })
      expect(multi.status).toBe(206)
      expect(body(multi)).toBeNull()
      expect(getState(multi)!.stream).not.toBeNull()
      const stale = await answer({ range: 'bytes=0-9', 'if-range': '"stale"' })
      expect(stale.status).toBe(200)
      expect(body(stale)).toBeNull()
      expect(new Uint8Array(await stale.arrayBuffer())).toEqual(data)
    })
  })
})
