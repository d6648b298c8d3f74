import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import mimeTypes from 'mime-types'
import db from 'mime-db'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { FileNotFoundError, FileResponse } from '../../src/file'
import { isHTTPException } from '../../src/http-exception'
import { lookupMediaType } from '../../src/internal/file/mime'
import { makeFixture, type Fixture } from './fixture'

let fx: Fixture
beforeAll(async () => {
  fx = await makeFixture()
})
afterAll(async () => {
  await fx?.cleanup()
})

const req = (headers: Record<string, string> = {}, method = 'GET') =>
  new Request('http://x/', { method, headers })

describe('FileResponse', () => {
  describe('content-type', () => {
    it('matches mime-types v3 for every extension in mime-db', () => {
      const exts = new Set(Object.values(db).flatMap((e) => e.extensions ?? []))
      expect(exts.size).toBeGreaterThan(1000)
      for (const ext of exts) {
        for (const name of [`a.${ext}`, `dir/A.${ext.toUpperCase()}`, ext, `.${ext}`]) {
          expect(lookupMediaType(name), name).toBe(mimeTypes.lookup(name) || undefined)
        }
      }
    })

    it('takes mediaType, then filename, then the Blob type, then the path, then octet-stream', () => {
      const type = (source: ConstructorParameters<typeof FileResponse>[0], init = {}) =>
        new FileResponse(source, init).headers.get('content-type')
      expect(type('a.png', { mediaType: 'image/webp', filename: 'a.gif' })).toBe('image/webp')
      expect(type('a.png', { filename: 'a.gif' })).toBe('image/gif')
      expect(type(new Blob(['x'], { type: 'image/avif' }), { filename: 'noext' })).toBe(
        'image/avif'
      )
      expect(type('notes.md')).toBe('text/markdown; charset=utf-8')
      expect(type(pathToFileURL('/srv/clip.mp4'))).toBe('video/mp4')
      expect(type('no-extension')).toBe('application/octet-stream')
      expect(type(new Uint8Array(1))).toBe('application/octet-stream')
      expect(type('a.png', { headers: { 'content-type': 'x/y' } })).toBe('x/y')
    })
  })

  describe('headers the caller sets', () => {
    it('keeps a caller content-disposition, etag, last-modified and cache-control', async () => {
      const res = await new FileResponse(new Uint8Array(10), {
        filename: 'a.bin',
        mtime: 1_700_000_000_000,
        headers: {
          'content-disposition': 'inline',
          etag: '"mine"',
          'last-modified': 'Thu, 01 Jan 2004 00:00:00 GMT',
          'cache-control': 'max-age=60',
        },
      }).prepare(req({ 'if-none-match': '"mine"' }))
      expect(res.status).toBe(304)
      expect(res.headers.get('etag')).toBe('"mine"')
      expect(res.headers.get('last-modified')).toBe('Thu, 01 Jan 2004 00:00:00 GMT')
      expect(res.headers.get('cache-control')).toBe('max-age=60')
      expect(res.headers.get('content-disposition')).toBeNull()
    })

    it('quotes a bare init.etag and derives one from size and mtime otherwise', () => {
      expect(new FileResponse(new Uint8Array(1), { etag: 'v1' }).headers.get('etag')).toBe('"v1"')
      const res = new FileResponse(new Uint8Array(16), { mtime: new Date(4096) })
      expect(res.headers.get('etag')).toBe('"10-1000"')
      expect(res.headers.get('last-modified')).toBe('Thu, 01 Jan 1970 00:00:04 GMT')
      expect(new FileResponse(new Uint8Array(16)).headers.get('etag')).toBeNull()
    })

    it('sends a caller status as it is, without ranges or 304', async () => {
      const res = await new FileResponse(new Uint8Array(5), { status: 404, etag: 'x' }).prepare(
        req({ range: 'bytes=0-0', 'if-none-match': '"x"' })
      )
      expect(res.status).toBe(404)
      expect((await res.arrayBuffer()).byteLength).toBe(5)
    })
  })

  describe('prepare', () => {
    it('touches no file at construction: a missing path fails only in prepare', async () => {
      const res = new FileResponse(join(fx.root, 'not-yet.txt'))
      await writeFile(join(fx.root, 'not-yet.txt'), 'late')
      const prepared = await res.prepare(req())
      expect(prepared.headers.get('content-length')).toBe('4')
      expect(await prepared.text()).toBe('late')
    })

    it('returns a new FileResponse and leaves the original unchanged', async () => {
      const original = new FileResponse(new TextEncoder().encode('abcdef'))
      const ranged = await original.prepare(req({ range: 'bytes=1-2' }))
      expect(ranged).not.toBe(original)
      expect(ranged).toBeInstanceOf(FileResponse)
      expect(await ranged.text()).toBe('bc')
      expect(original.status).toBe(200)
      expect(original.headers.get('content-range')).toBeNull()
      expect(await original.text()).toBe('abcdef')
      expect(await ranged.prepare(req())).toBe(ranged)
    })

    it('answers HEAD with a null body, so a path is stat-ed but never opened', async () => {
      const res = await new FileResponse(join(fx.root, 'data.bin')).prepare(req({}, 'HEAD'))
      expect(res.body).toBeNull()
      expect(res.headers.get('content-length')).toBe(String(fx.data.byteLength))
    })

    it('ignores Range on methods other than GET and HEAD', async () => {
      const res = await new FileResponse(new Uint8Array(4)).prepare(
        req({ range: 'bytes=0-0' }, 'POST')
      )
      expect(res.status).toBe(200)
    })

    it('prepares an in-memory source synchronously and a path asynchronously', async () => {
      const memory = new FileResponse(new Blob(['abcdef'])).prepare(req({ range: 'bytes=-2' }))
      expect(memory).toBeInstanceOf(FileResponse)
      expect((memory as FileResponse).status).toBe(206)
      expect(await (memory as FileResponse).text()).toBe('ef')
      const path = new FileResponse(join(fx.root, 'hello.txt'))
      const prepared = path.prepare(req({ range: 'bytes=0-4' }))
      expect(prepared).toBeInstanceOf(Promise)
      expect((await prepared).status).toBe(206)
      expect(await (await prepared).text()).toBe('hello')
    })

    it('constructs itself and nothing else, and refuses a prepare without a Request', () => {
      const res = new FileResponse(new Blob(['abcdef']), { request: req({}) } as never)
      expect(res).toBeInstanceOf(FileResponse)
      expect(res.status).toBe(200)
      expect(() => res.prepare(undefined as never)).toThrow(TypeError)
    })

    it('streams the whole file when a path response is read without prepare', async () => {
      const res = new FileResponse(pathToFileURL(join(fx.root, 'data.bin')))
      expect(res.headers.get('content-length')).toBeNull()
      expect((await res.arrayBuffer()).byteLength).toBe(fx.data.byteLength)
    })
  })

  describe('stream sources', () => {
    it('serves ranges of a stream with init.size, once', async () => {
      const stream = new Blob(['0123456789']).stream()
      // The second send is an expected stream error: captured here, not printed.
      const onError = vi.fn()
      const res = new FileResponse(stream, { size: 10, onError })
      expect(res.headers.get('content-length')).toBe('10')
      const multi = await res.prepare(req({ range: 'bytes=1-2,7-' }))
      const text = await multi.text()
      expect(text).toContain('\r\n\r\n12\r\n')
      expect(text).toContain('\r\n\r\n789\r\n')
      const again = await res.prepare(req())
      await expect(again.text()).rejects.toThrow(/sent only once/)
      expect(onError).toHaveBeenCalledWith(
        expect.objectContaining({ message: expect.stringMatching(/sent only once/) }),
        expect.anything()
      )
    })

    it('cancels the stream when a 304 or HEAD sends no body', async () => {
      let cancelled = 0
      const make = () =>
        new ReadableStream<Uint8Array>({
          pull: (c) => c.enqueue(new Uint8Array(4)),
          cancel: () => void cancelled++,
        })
      const cached = new FileResponse(make(), { size: 4, etag: 'v' })
      expect((await cached.prepare(req({ 'if-none-match': '"v"' }))).status).toBe(304)
      const head = await new FileResponse(make(), { size: 4 }).prepare(req({}, 'HEAD'))
      expect(head.body).toBeNull()
      await new Promise((r) => setTimeout(r, 0))
      expect(cancelled).toBe(2)
    })

    it('errors the body when the stream is shorter than init.size', async () => {
      const onError = vi.fn()
      const res = new FileResponse(new Blob(['abc']).stream(), { size: 5, onError })
      await expect(res.text()).rejects.toThrow(/ended at byte 3 of 5/)
      expect(onError).toHaveBeenCalledOnce()
      expect(onError.mock.calls[0]![0]).toMatchObject({ message: expect.stringMatching(/3 of 5/) })
    })
  })

  describe('FileNotFoundError', () => {
    it('rejects prepare with a 404 HTTPException carrying a code', async () => {
      const error = await Promise.resolve(
        new FileResponse(join(fx.root, 'nope')).prepare(req())
      ).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(FileNotFoundError)
      expect(isHTTPException(error)).toBe(true)
      expect(error).toMatchObject({ status: 404, code: 'ENOENT', name: 'FileNotFoundError' })
      const dir = await Promise.resolve(new FileResponse(fx.root).prepare(req())).catch((e) => e)
      expect(dir).toMatchObject({ code: 'EISDIR' })
      const refused = await Promise.resolve(
        new FileResponse('../x', { root: fx.root }).prepare(req())
      ).catch((e) => e)
      expect(refused).toMatchObject({ code: 'EACCES' })
    })

    it('refuses a dotfile name without root unless dotfiles is allow', async () => {
      const path = join(fx.root, '.secret')
      await expect(Promise.resolve(new FileResponse(path).prepare(req()))).rejects.toThrow(
        /Dotfile/
      )
      const ok = await new FileResponse(path, { dotfiles: 'allow' }).prepare(req())
      expect(await ok.text()).toBe('dot')
    })

    it('errors the body of an unprepared response for a missing path', async () => {
      const onError = vi.fn()
      await expect(new FileResponse(join(fx.root, 'nope'), { onError }).text()).rejects.toThrow(
        FileNotFoundError
      )
      expect(onError.mock.calls[0]![0]).toBeInstanceOf(FileNotFoundError)
    })
  })

  describe('bad input', () => {
    it.each([
      ['a number source', () => new FileResponse(42 as never), /source must be/],
      ['an http URL', () => new FileResponse(new URL('https://x/a')), /file: URL/],
      ['a stream without size', () => new FileResponse(new Blob([]).stream()), /init\.size/],
      [
        'a negative size',
        () => new FileResponse(new Blob([]).stream(), { size: -1 }),
        /init\.size/,
      ],
      ['CR/LF in filename', () => new FileResponse('a', { filename: 'a\r\nx: y' }), /filename/],
      ['an empty filename', () => new FileResponse('a', { filename: '' }), /filename/],
      ['a bad dotfiles', () => new FileResponse('a', { dotfiles: 'ignore' as never }), /dotfiles/],
      [
        'a bad disposition',
        () => new FileResponse('a', { contentDisposition: 'x' as never }),
        /contentDisposition/,
      ],
      ['a bad mtime', () => new FileResponse(new Uint8Array(1), { mtime: new Date('x') }), /mtime/],
      ['a non-string root', () => new FileResponse('a', { root: 1 as never }), /root/],
      ['CR in etag', () => new FileResponse('a', { etag: 'a\rb' }), /etag/],
    ])('throws TypeError for %s', (_, make, message) => {
      expect(make).toThrow(TypeError)
      expect(make).toThrow(message)
    })
  })

  describe('a file that shrinks while it is sent', () => {
    it('errors the body instead of sending a short one', async () => {
      const path = join(fx.root, 'shrinks.bin')
      await writeFile(path, new Uint8Array(300_000))
      const onError = vi.fn()
      const res = await new FileResponse(path, { onError }).prepare(req())
      await writeFile(path, new Uint8Array(10))
      await expect(res.arrayBuffer()).rejects.toThrow(/shrank/)
      expect(onError.mock.calls[0]![0]).toMatchObject({ message: expect.stringMatching(/shrank/) })
    })
  })
})
