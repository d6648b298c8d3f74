import { Dicer } from '@fastify/busboy'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FileResponse } from '../../src/file'
import type { TestServer } from '../helpers/serve'
import { expectBytes, makeFixture, serveNode, type Fixture } from './fixture'

interface Part {
  headers: Record<string, string[]>
  body: Buffer
}

/**
 * Parses a multipart body with Dicer, the independent multipart parser inside
 * @fastify/busboy. (Busboy's own API only accepts multipart/form-data and skips parts
 * without `content-disposition: form-data`, so byteranges go to its parser directly.)
 */
function parseMultipart(
  body: Buffer,
  boundary: string
): Promise<{ parts: Part[]; trailer: string }> {
  return new Promise((resolve, reject) => {
    const parts: Part[] = []
    let trailer = ''
    const dicer = new Dicer({ boundary })
    dicer.on('part', (part) => {
      const chunks: Buffer[] = []
      let headers: Record<string, string[]> = {}
      part.on('header', (h) => (headers = h as Record<string, string[]>))
      part.on('data', (c: Buffer) => chunks.push(c))
      part.on('end', () => parts.push({ headers, body: Buffer.concat(chunks) }))
      part.on('error', reject)
    })
    dicer.on('trailer', (data: Buffer) => (trailer += data.toString()))
    dicer.on('error', reject)
    dicer.on('finish', () => resolve({ parts, trailer }))
    dicer.end(body)
  })
}

let fx: Fixture
let server: TestServer

beforeAll(async () => {
  fx = await makeFixture()
  server = await serveNode((request) => {
    const name = new URL(request.url).pathname.slice(1)
    return new FileResponse(name, { root: fx.root })
  })
})

afterAll(async () => {
  await server?.close()
  await fx?.cleanup()
})

describe('FileResponse', () => {
  describe('multipart/byteranges', () => {
    it('gives exactly the requested parts, sorted and merged, to an independent parser', async () => {
      const size = fx.data.byteLength
      // 0-9 and 5-20 overlap; 21-30 is adjacent; -100 is a suffix; 70000-140000 spans chunks.
      const range = 'bytes=70000-140000, 0-9, -100, 5-20, 21-30'
      const res = await fetch(`${server.url}/data.bin`, { headers: { range } })
      expect(res.status).toBe(206)
      expect(res.headers.get('content-range')).toBeNull()
      const type = res.headers.get('content-type')!
      const boundary = /^multipart\/byteranges; boundary=([0-9a-f]{26})$/.exec(type)![1]!
      const body = Buffer.from(await res.arrayBuffer())
      expect(res.headers.get('content-length')).toBe(String(body.byteLength))
      expect(body.includes('\r\n--' + boundary + '--')).toBe(true)
      const { parts } = await parseMultipart(body, boundary)
      const expected: [number, number][] = [
        [0, 30],
        [70000, 140000],
        [size - 100, size - 1],
      ]
      expect(parts).toHaveLength(expected.length)
      parts.forEach((part, i) => {
        const [start, end] = expected[i]!
        expect(part.headers['content-type']).toEqual(['application/octet-stream'])
        expect(part.headers['content-range']).toEqual([`bytes ${start}-${end}/${size}`])
        expectBytes(part.body, fx.data.subarray(start, end + 1))
      })
    })

    it('uses CRLF framing and declares the exact length on HEAD without a body', async () => {
      const res = await fetch(`${server.url}/hello.txt`, {
        method: 'HEAD',
        headers: { range: 'bytes=0-1,4-5' },
      })
      expect(res.status).toBe(206)
      const length = Number(res.headers.get('content-length'))
      const get = await fetch(`${server.url}/hello.txt`, { headers: { range: 'bytes=0-1,4-5' } })
      const text = await get.text()
      const boundary = get.headers.get('content-type')!.split('boundary=')[1]!
      expect(Buffer.byteLength(text)).toBe(length)
      expect(text).toBe(
        `--${boundary}\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-range: bytes 0-1/13\r\n\r\nhe\r\n` +
          `--${boundary}\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-range: bytes 4-5/13\r\n\r\no,\r\n` +
          `--${boundary}--\r\n`
      )
    })
  })
})
