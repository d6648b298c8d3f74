import { brotliDecompressSync, constants, gunzipSync, inflateSync } from 'node:zlib'
import db from 'mime-db'
import { describe, expect, it, vi } from 'vitest'
import { compress } from '../../src/compress'
import {
  BaseResponse,
  HTMLResponse,
  JSONResponse,
  PlainTextResponse,
  SSEResponse,
  StreamingResponse,
} from '../../src/index'
import { FileResponse } from '../../src/file'
import { applyCompression } from '../../src/internal/compress/apply'
import { webEngine } from '../../src/internal/compress/engine'
import { settingsOf } from '../../src/internal/compress/settings'
import { COMPRESSIBLE_EXTRA, INCOMPRESSIBLE } from '../../src/internal/compress/compressible-types'
import { isCompressibleType, mergeVary } from '../../src/internal/compress/rules'
import { getState } from '../../src/internal/core/state'

const TEXT = 'The quick brown fox jumps over the lazy dog. '.repeat(100)
const BYTES = new TextEncoder().encode(TEXT)

function request(accept: string | null = 'gzip, deflate, br', init: RequestInit = {}): Request {
  const headers = new Headers(init.headers)
  if (accept !== null) headers.set('accept-encoding', accept)
  return new Request('http://localhost/', { ...init, headers })
}

async function bodyOf(res: Response): Promise<Uint8Array> {
  return new Uint8Array(await res.arrayBuffer())
}

function decode(res: Response, bytes: Uint8Array): string {
  const coding = res.headers.get('content-encoding')
  if (coding === 'gzip') return gunzipSync(bytes).toString()
  if (coding === 'deflate') return inflateSync(bytes).toString()
  if (coding === 'br') return brotliDecompressSync(bytes).toString()
  return new TextDecoder().decode(bytes)
}

describe('compress', () => {
  describe('fixed bodies', () => {
    it('compresses in one go with its own content-length', async () => {
      const res = await compress(new PlainTextResponse(TEXT), request('gzip'))
      const bytes = await bodyOf(res)
      expect(res.headers.get('content-encoding')).toBe('gzip')
      expect(res.headers.get('content-length')).toBe(String(bytes.byteLength))
      expect(bytes.byteLength).toBeLessThan(BYTES.byteLength / 5)
      expect(decode(res, bytes)).toBe(TEXT)
      expect(res.headers.get('vary')).toBe('Accept-Encoding')
    })

    it.each(['gzip', 'deflate', 'br'])('round-trips %s', async (coding) => {
      const data = { rows: Array.from({ length: 300 }, (_, i) => ({ i, s: `row ${i} ☃` })) }
      const res = await compress(new JSONResponse(data), request(coding))
      expect(res.headers.get('content-encoding')).toBe(coding)
      expect(JSON.parse(decode(res, await bodyOf(res)))).toEqual(data)
    })

    it('compresses a native Response as a stream', async () => {
      const native = new Response(TEXT, { headers: { 'content-type': 'text/plain' } })
      const res = await compress(native, request('br'))
      expect(res.headers.get('content-encoding')).toBe('br')
      expect(res.headers.get('content-length')).toBe(null)
      expect(decode(res, await bodyOf(res))).toBe(TEXT)
    })

    it('keeps status, cookies and other headers; weakens a strong ETag; drops accept-ranges', async () => {
      const original = new HTMLResponse(`<p>${TEXT}</p>`, {
        status: 201,
        headers: { etag: '"abc"', 'accept-ranges': 'bytes', 'x-kept': '1', vary: 'Origin' },
      })
      original.setCookie('a', '1').setCookie('b', '2')
      const res = await compress(original, request())
      expect(res.status).toBe(201)
      expect(res.headers.get('etag')).toBe('W/"abc"')
      expect(res.headers.get('accept-ranges')).toBe(null)
      expect(res.headers.get('x-kept')).toBe('1')
      expect(res.headers.get('vary')).toBe('Origin, Accept-Encoding')
      expect(res.headers.getSetCookie()).toEqual(original.headers.getSetCookie())
      expect(res.headers.getSetCookie()).toHaveLength(2)
    })

    it('moves background tasks to the compressed response', async () => {
      const task = vi.fn()
      const original = new PlainTextResponse(TEXT, { background: task })
      const res = await compress(original, request())
      expect(getState(original)!.background).toEqual([])
      expect(getState(res)!.background).toEqual([task])
    })
  })

  describe('streams', () => {
    it('flushes each chunk the source does not follow at once, without content-length', async () => {
      // The source holds each next chunk until the client has decoded the one before, so only
      // a flush can deliver it; timed gaps would fail on a loaded machine, where a slow
      // compressor finds two chunks ready together and rightly batches them.
      const parts = ['alpha '.repeat(50), 'beta '.repeat(50), 'gamma '.repeat(50)]
      let source!: ReadableStreamDefaultController<Uint8Array>
      const body = new ReadableStream<Uint8Array>({
        start: (controller) => void (source = controller),
      })
      const encoder = new TextEncoder()
      // `prepare` reads the first chunk ahead, so it must be there before compress() resolves.
      source.enqueue(encoder.encode(parts[0]))
      const res = await compress(
        new StreamingResponse(body, { mediaType: 'text/plain' }),
        request('gzip')
      )
      expect(res.headers.get('content-length')).toBe(null)
      const reader = res.body!.getReader()
      const { createGunzip } = await import('node:zlib')
      const gunzip = createGunzip()
      const seen: string[] = []
      gunzip.on('data', (chunk: Buffer) => seen.push(chunk.toString()))
      for (const [i, part] of parts.entries()) {
        if (i > 0) source.enqueue(encoder.encode(part))
        const expected = parts.slice(0, i + 1).join('')
        while (seen.join('').length < expected.length) {
          const next = await Promise.race([
            reader.read(),
            new Promise<never>((_, reject) =>
              setTimeout(() => reject(new Error(`chunk ${i} was not flushed`)), 5000)
            ),
          ])
          expect(next.done).toBe(false)
          await new Promise<void>((resolve) => gunzip.write(next.value!, () => resolve()))
          await new Promise((resolve) => setImmediate(resolve))
        }
        expect(seen.join('')).toBe(expected)
      }
      source.close()
      for (let next = await reader.read(); !next.done; next = await reader.read()) {
        await new Promise<void>((resolve) => gunzip.write(next.value, () => resolve()))
      }
      gunzip.destroy()
    })

    it('compresses a burst of ready chunks with one flush, to the exact bytes', async () => {
      const parts = Array.from({ length: 2000 }, (_, i) => `data: {"token":"t${i}"}\n\n`)
      const res = await compress(
        new StreamingResponse(parts, { mediaType: 'text/plain' }),
        request('gzip')
      )
      const reader = res.body!.getReader()
      const received: Uint8Array[] = []
      for (let next = await reader.read(); !next.done; next = await reader.read()) {
        received.push(next.value)
      }
      // 2000 flushes would add about 5 bytes each; a batch is flushed once (64 KiB at most).
      expect(received.length).toBeLessThanOrEqual(3)
      expect(gunzipSync(Buffer.concat(received)).toString()).toBe(parts.join(''))
    })

    it('errors the compressed body when the source fails while a read waits', async () => {
      async function* failing() {
        yield 'first '.repeat(300)
        await new Promise((resolve) => setTimeout(resolve, 5))
        throw new Error('source failed')
      }
      const onError = vi.fn()
      const res = await compress(
        new StreamingResponse(failing(), { mediaType: 'text/plain', onError }),
        request('gzip')
      )
      const reader = res.body!.getReader()
      const first = await reader.read()
      const text = gunzipSync(first.value!, { finishFlush: constants.Z_SYNC_FLUSH }).toString()
      expect(text).toBe('first '.repeat(300))
      await expect(reader.read()).rejects.toThrow('source failed')
      expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'source failed' }), {
        phase: 'stream',
      })
    })

    it('runs the source finally and cancels when the reader cancels', async () => {
      let cleaned = false
      async function* source() {
        try {
          for (;;) {
            yield 'tick '.repeat(300)
            await new Promise((resolve) => setTimeout(resolve, 5))
          }
        } finally {
          cleaned = true
        }
      }
      const res = await compress(
        new StreamingResponse(source(), { mediaType: 'text/plain' }),
        request()
      )
      const reader = res.body!.getReader()
      await reader.read()
      await reader.cancel()
      await vi.waitFor(() => expect(cleaned).toBe(true))
    })
  })

  describe('left as they are', () => {
    const cases: [string, () => Response | Promise<Response>, RequestInit?][] = [
      ['HEAD', () => new PlainTextResponse(TEXT), { method: 'HEAD' }],
      ['204', () => new BaseResponse(null, { status: 204 })],
      ['304', () => new BaseResponse(null, { status: 304 })],
      ['206', () => new PlainTextResponse(TEXT, { status: 206 })],
      [
        'content-encoding',
        () => new PlainTextResponse(TEXT, { headers: { 'content-encoding': 'gzip' } }),
      ],
      [
        'no-transform',
        () => new PlainTextResponse(TEXT, { headers: { 'cache-control': 'public, no-transform' } }),
      ],
      ['an image', () => new BaseResponse(BYTES, { mediaType: 'image/png' })],
      ['no content-type', () => new BaseResponse(BYTES)],
      ['a body under the threshold', () => new PlainTextResponse('short')],
    ]
    it.each(cases)('%s', async (_, make, init) => {
      const original = await make()
      const res = await compress(original, request('gzip, br', init))
      expect(res.headers.get('content-encoding')).toBe(original.headers.get('content-encoding'))
      expect(res.headers.get('content-length')).toBe(original.headers.get('content-length'))
    })

    it('adds Vary to a HEAD response that a GET would get compressed', async () => {
      const res = await compress(new PlainTextResponse(TEXT), request('gzip', { method: 'HEAD' }))
      expect(res.headers.get('vary')).toBe('Accept-Encoding')
    })

    it('adds no Vary to responses that never vary', async () => {
      const res = await compress(new BaseResponse(BYTES, { mediaType: 'image/png' }), request())
      expect(res.headers.get('vary')).toBe(null)
    })

    it('adds Vary to a fetched response (immutable headers) by copying it', async () => {
      const fetched = await fetch(`data:text/plain,${encodeURIComponent(TEXT)}`)
      expect(() => fetched.headers.set('x', '1')).toThrow(TypeError)
      const res = await compress(fetched, request(null))
      expect(res.headers.get('vary')).toBe('Accept-Encoding')
      expect(await res.text()).toBe(TEXT)
    })

    it('respects options.threshold', async () => {
      const res = await compress(new PlainTextResponse('short'), request(), { threshold: 0 })
      expect(res.headers.get('content-encoding')).toBe('br')
    })
  })

  describe('FileResponse', () => {
    const file = () =>
      new FileResponse(new Blob([TEXT]), { mediaType: 'text/plain', mtime: 1_700_000_000_000 })
    it('compresses the whole file and weakens its ETag', async () => {
      const plain = await file().prepare(request(null))
      const res = await compress(file(), request('gzip'))
      expect(res.headers.get('content-encoding')).toBe('gzip')
      expect(res.headers.get('etag')).toBe(`W/${plain.headers.get('etag')}`)
      expect(decode(res, await bodyOf(res))).toBe(TEXT)
    })
    it('serves a Range request uncompressed as 206 (prepare runs first)', async () => {
      const res = await compress(file(), request('gzip', { headers: { range: 'bytes=0-9' } }))
      expect(res.status).toBe(206)
      expect(res.headers.get('content-encoding')).toBe(null)
      expect(await res.text()).toBe(TEXT.slice(0, 10))
    })
    it('answers 304 to the weak ETag it sent', async () => {
      const first = await compress(file(), request('gzip'))
      const etag = first.headers.get('etag')!
      const again = await compress(file(), request('gzip', { headers: { 'if-none-match': etag } }))
      expect(again.status).toBe(304)
    })
  })

  describe('without flush (CompressionStream)', () => {
    const settings = settingsOf({})
    it('compresses fixed bodies and plain streams with gzip', async () => {
      const res = await applyCompression(
        new PlainTextResponse(TEXT),
        request(),
        webEngine(),
        settings
      )
      expect(res.headers.get('content-encoding')).toBe('gzip')
      expect(decode(res, await bodyOf(res))).toBe(TEXT)
      const stream = await applyCompression(
        new StreamingResponse([TEXT, TEXT], { mediaType: 'text/plain' }),
        request('deflate'),
        webEngine(),
        settings
      )
      expect(stream.headers.get('content-encoding')).toBe('deflate')
      expect(decode(stream, await bodyOf(stream))).toBe(TEXT + TEXT)
    })
    it('leaves text/event-stream uncompressed, since events would wait in its buffer', async () => {
      const sse = new SSEResponse([{ data: TEXT }])
      const res = await applyCompression(sse, request(), webEngine(), settings)
      expect(res.headers.get('content-encoding')).toBe(null)
      expect(await res.text()).toContain(TEXT)
    })
  })

  describe('on workerd (Cloudflare-Workers user agent)', () => {
    // The real check is tests/runtimes/cases/compress.ts under workerd, where a body without
    // encodeBody: 'manual' goes out gzipped twice; this pins down the re-wrap on Node.
    it('returns a native Response with the same status, headers and compressed bytes', async () => {
      vi.stubGlobal('navigator', { userAgent: 'Cloudflare-Workers' })
      try {
        const res = await compress(
          new PlainTextResponse(TEXT, { status: 201, headers: { 'x-kept': '1' } }),
          request('gzip')
        )
        expect(res).not.toBeInstanceOf(BaseResponse)
        expect(res.status).toBe(201)
        expect(res.headers.get('x-kept')).toBe('1')
        expect(res.headers.get('content-encoding')).toBe('gzip')
        expect(decode(res, await bodyOf(res))).toBe(TEXT)
      } finally {
        vi.unstubAllGlobals()
      }
    })
  })

  describe('bad input', () => {
    it('rejects a non-Response and a non-Request', async () => {
      await expect(compress({} as Response, request())).rejects.toThrow(TypeError)
      await expect(compress(new Response('x'), {} as Request)).rejects.toThrow(/request/)
    })
    it.each([
      [{ threshold: -1 }, RangeError, /threshold/],
      [{ threshold: 1.5 }, RangeError, /threshold/],
      [{ encodings: ['lzma'] }, TypeError, /encodings/],
      [{ encodings: 'gzip' }, TypeError, /encodings/],
      [{ levels: { gzip: 10 } }, RangeError, /levels\.gzip/],
      [{ levels: { br: -1 } }, RangeError, /levels\.br/],
      [{ levels: { lz4: 1 } }, TypeError, /levels/],
      [{ filter: 'text' }, TypeError, /filter/],
    ])('rejects options %j', async (options, type, message) => {
      const attempt = compress(new PlainTextResponse(TEXT), request(), options as never)
      await expect(attempt).rejects.toThrow(type)
      await expect(
        compress(new PlainTextResponse(TEXT), request(), options as never)
      ).rejects.toThrow(message)
    })
  })
})

describe('isCompressibleType', () => {
  it('matches mime-db exactly (rerun scripts/gen-compressible.mjs when this fails)', () => {
    const pattern = /^text\/|\+(?:json|text|xml)$/i
    const extra = Object.entries(db)
      .filter(([type, entry]) => entry.compressible === true && !pattern.test(type))
      .map(([type]) => type)
    const excluded = Object.entries(db)
      .filter(([type, entry]) => entry.compressible === false && pattern.test(type))
      .map(([type]) => type)
    expect([...COMPRESSIBLE_EXTRA].sort()).toEqual(extra.sort())
    expect([...INCOMPRESSIBLE].sort()).toEqual(excluded.sort())
  })
  it.each([
    ['text/html; charset=utf-8', true],
    ['application/json', true],
    ['application/ld+json', true],
    ['application/x-ndjson', true],
    ['text/event-stream', true],
    ['image/svg+xml', true],
    ['image/png', false],
    ['application/zip', false],
    ['video/mp4', false],
  ])('%s → %s', (type, expected) => {
    expect(isCompressibleType(type)).toBe(expected)
  })
})

describe('mergeVary', () => {
  it.each([
    [null, 'Accept-Encoding'],
    ['', 'Accept-Encoding'],
    ['Origin', 'Origin, Accept-Encoding'],
    ['origin, accept-encoding', 'origin, accept-encoding'],
    ['*', '*'],
  ])('%j → %j', (vary, expected) => {
    expect(mergeVary(vary)).toBe(expected)
  })
})
