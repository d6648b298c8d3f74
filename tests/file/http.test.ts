import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FileResponse } from '../../src/file'
import type { TestServer } from '../helpers/serve'
import { expectBytes, makeFixture, serveNode, type Fixture } from './fixture'

let fx: Fixture
let server: TestServer
let reused: FileResponse

beforeAll(async () => {
  fx = await makeFixture()
  reused = new FileResponse('hello.txt', { root: fx.root })
  server = await serveNode((request) => {
    const url = new URL(request.url)
    const name = decodeURIComponent(url.pathname.slice('/f/'.length))
    if (url.pathname === '/reused') return reused
    const options: Record<string, unknown> = { root: fx.root }
    for (const key of ['filename', 'contentDisposition', 'dotfiles'] as const) {
      const value = url.searchParams.get(key)
      if (value !== null) options[key] = value
    }
    if (url.searchParams.has('follow')) options.followSymlinks = true
    return new FileResponse(name, options)
  })
})

afterAll(async () => {
  await server?.close()
  await fx?.cleanup()
})

const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
  fetch(server.url + path, { method, headers })

describe('FileResponse', () => {
  describe('full responses over HTTP', () => {
    it('sends the file with length, type, accept-ranges, last-modified and a strong etag', async () => {
      const res = await get('/f/data.bin')
      expect(res.status).toBe(200)
      expectBytes(await res.arrayBuffer(), fx.data)
      expect(res.headers.get('content-length')).toBe(String(fx.data.byteLength))
      expect(res.headers.get('content-type')).toBe('application/octet-stream')
      expect(res.headers.get('accept-ranges')).toBe('bytes')
      expect(res.headers.get('last-modified')).toMatch(
        /^\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT$/
      )
      expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/)
    })

    it('adds a utf-8 charset to text types and guesses nested paths', async () => {
      const res = await get('/f/hello.txt')
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
      expect(await res.text()).toBe(fx.text)
      const json = await get('/f/sub/nested.json')
      expect(json.headers.get('content-type')).toBe('application/json')
    })

    it('sends an empty file with content-length 0', async () => {
      const res = await get('/f/empty.txt')
      expect(res.status).toBe(200)
      expect(res.headers.get('content-length')).toBe('0')
      expect(await res.text()).toBe('')
    })

    it('answers HEAD with the headers of GET and no body', async () => {
      const res = await get('/f/data.bin', {}, 'HEAD')
      expect(res.status).toBe(200)
      expect(res.headers.get('content-length')).toBe(String(fx.data.byteLength))
      expect(await res.text()).toBe('')
      const ranged = await get('/f/data.bin', { range: 'bytes=0-9' }, 'HEAD')
      expect(ranged.status).toBe(206)
      expect(ranged.headers.get('content-range')).toBe(`bytes 0-9/${fx.data.byteLength}`)
    })
  })

  describe('content-disposition', () => {
    it('sends a quoted ASCII name alone when it is token-safe', async () => {
      const res = await get('/f/hello.txt?filename=report.txt')
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="report.txt"')
    })

    it('adds filename* for non-ASCII names and keeps an ASCII fallback', async () => {
      const res = await get(
        `/f/${encodeURIComponent('naïve résumé.pdf')}?filename=${encodeURIComponent('naïve résumé.pdf')}`
      )
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('application/pdf')
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename="naive resume.pdf"; filename*=UTF-8''na%C3%AFve%20r%C3%A9sum%C3%A9.pdf`
      )
    })

    it('encodes quotes and percent signs in filename* and keeps them out of the fallback', async () => {
      const name = 'say "hi" 100%.txt'
      const res = await get(
        `/f/hello.txt?filename=${encodeURIComponent(name)}&contentDisposition=inline`
      )
      const header = res.headers.get('content-disposition')!
      expect(header).toBe(
        `inline; filename="say _hi_ 100_.txt"; filename*=UTF-8''say%20%22hi%22%20100%25.txt`
      )
      const star = /filename\*=UTF-8''(.+)$/.exec(header)![1]!
      expect(decodeURIComponent(star)).toBe(name)
    })
  })

  describe('ranges over HTTP', () => {
    it('returns 206 with content-range and exact bytes for a-b, a- and -n', async () => {
      const size = fx.data.byteLength
      for (const [header, start, end] of [
        ['bytes=100-70000', 100, 70000],
        [`bytes=${size - 10}-`, size - 10, size - 1],
        ['bytes=-70000', size - 70000, size - 1],
        ['bytes=0-999999999', 0, size - 1],
      ] as const) {
        const res = await get('/f/data.bin', { range: header })
        expect(res.status).toBe(206)
        expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/${size}`)
        expect(res.headers.get('content-length')).toBe(String(end - start + 1))
        expectBytes(await res.arrayBuffer(), fx.data.subarray(start, end + 1))
      }
    })

    it('returns 416 with bytes */size when the range starts past the end', async () => {
      const res = await get('/f/data.bin', { range: `bytes=${fx.data.byteLength}-` })
      expect(res.status).toBe(416)
      expect(res.headers.get('content-range')).toBe(`bytes */${fx.data.byteLength}`)
      expect(res.headers.get('etag')).toBeNull()
      expect(await res.text()).toBe('')
    })

    it('ignores a malformed header or an unknown unit with a full 200', async () => {
      for (const range of ['bytes=5-1', 'items=0-1', 'bytes=oops']) {
        const res = await get('/f/hello.txt', { range })
        expect(res.status).toBe(200)
        expect(await res.text()).toBe(fx.text)
      }
    })

    it('serves the whole file when more than 100 ranges are asked for', async () => {
      const many = Array.from({ length: 101 }, (_, i) => `${i * 3}-${i * 3}`).join(',')
      const res = await get('/f/data.bin', { range: `bytes=${many}` })
      expect(res.status).toBe(200)
      expect((await res.arrayBuffer()).byteLength).toBe(fx.data.byteLength)
    })

    it('merges overlapping ranges into a single 206', async () => {
      const res = await get('/f/data.bin', { range: 'bytes=500-999,0-499,200-700' })
      expect(res.status).toBe(206)
      expect(res.headers.get('content-range')).toBe(`bytes 0-999/${fx.data.byteLength}`)
      expectBytes(await res.arrayBuffer(), fx.data.subarray(0, 1000))
    })
  })

  describe('If-Range over HTTP', () => {
    it('serves the range for the exact strong etag or last-modified, else the whole file', async () => {
      const first = await get('/f/data.bin', {}, 'HEAD')
      const etag = first.headers.get('etag')!
      const modified = first.headers.get('last-modified')!
      const size = fx.data.byteLength
      const range = (ifRange: string) =>
        get('/f/data.bin', { range: 'bytes=0-3', 'if-range': ifRange })
      expect((await range(etag)).status).toBe(206)
      expect((await range(modified)).status).toBe(206)
      const weak = await range(`W/${etag}`)
      expect(weak.status).toBe(200)
      expect((await weak.arrayBuffer()).byteLength).toBe(size)
      expect((await range('"other"')).status).toBe(200)
      expect((await range('Thu, 01 Jan 2004 00:00:00 GMT')).status).toBe(200)
    })
  })

  describe('conditional GET over HTTP', () => {
    it('returns 304 with validators and no body for a matching If-None-Match', async () => {
      const etag = (await get('/f/hello.txt', {}, 'HEAD')).headers.get('etag')!
      const res = await get('/f/hello.txt', { 'if-none-match': `"zzz", W/${etag}` })
      expect(res.status).toBe(304)
      expect(res.headers.get('etag')).toBe(etag)
      expect(res.headers.get('last-modified')).not.toBeNull()
      expect(res.headers.get('content-type')).toBeNull()
      expect(res.headers.get('accept-ranges')).toBeNull()
      expect(await res.text()).toBe('')
    })

    it('returns 304 for If-Modified-Since at or after last-modified, 200 before it', async () => {
      const modified = (await get('/f/hello.txt', {}, 'HEAD')).headers.get('last-modified')!
      expect((await get('/f/hello.txt', { 'if-modified-since': modified })).status).toBe(304)
      const before = new Date(Date.parse(modified) - 5000).toUTCString()
      expect((await get('/f/hello.txt', { 'if-modified-since': before })).status).toBe(200)
    })

    it('ignores If-Modified-Since and If-Unmodified-Since values that are not HTTP-dates', async () => {
      for (const value of ['Jan 1 3000', '3000-01-01T00:00:00Z', 'tomorrow 2050']) {
        expect((await get('/f/hello.txt', { 'if-modified-since': value })).status).toBe(200)
      }
      expect((await get('/f/hello.txt', { 'if-unmodified-since': 'Jan 1 1990' })).status).toBe(200)
    })

    it('returns 412 for a failing If-Match or If-Unmodified-Since', async () => {
      expect((await get('/f/hello.txt', { 'if-match': '"nope"' })).status).toBe(412)
      const res = await get('/f/hello.txt', {
        'if-unmodified-since': 'Thu, 01 Jan 2004 00:00:00 GMT',
      })
      expect(res.status).toBe(412)
      expect(await res.text()).toBe('')
    })
  })

  describe('a reused instance', () => {
    it('never leaks range headers into a later reply', async () => {
      const ranged = await get('/reused', { range: 'bytes=0-1' })
      expect(ranged.status).toBe(206)
      expect(await ranged.text()).toBe(fx.text.slice(0, 2))
      const full = await get('/reused')
      expect(full.status).toBe(200)
      expect(full.headers.get('content-range')).toBeNull()
      expect(full.headers.get('content-length')).toBe(String(fx.text.length))
      expect(await full.text()).toBe(fx.text)
      expect(reused.status).toBe(200)
      expect(reused.headers.get('content-range')).toBeNull()
    })
  })

  describe('path safety over HTTP', () => {
    it.each([
      ['a missing file', '/f/missing.txt'],
      ['a directory', '/f/sub'],
      ['a .. segment', `/f/${encodeURIComponent('../outside/secret.txt')}`],
      ['an absolute path', `/f/${encodeURIComponent(`/etc/passwd`)}`],
      ['a NUL byte', `/f/${encodeURIComponent('hello.txt\0.png')}`],
      ['encoded traversal', `/f/${encodeURIComponent('%2e%2e/outside/secret.txt')}`],
      ['a backslash', `/f/${encodeURIComponent('..\\outside\\secret.txt')}`],
      ['a dotfile', '/f/.secret'],
      ['a symlink that leaves root', '/f/escape.txt'],
    ])('answers 404 for %s', async (_, path) => {
      const res = await get(path)
      expect(res.status).toBe(404)
      expect(await res.json()).toEqual({ detail: 'Not Found' })
    })

    it('sends dotfiles and escaping symlinks only when allowed', async () => {
      expect(await (await get('/f/.secret?dotfiles=allow')).text()).toBe('dot')
      expect(await (await get('/f/escape.txt?follow=1')).text()).toBe('outside')
      expect(await (await get('/f/link-in.txt')).text()).toBe(fx.text)
    })
  })
})
