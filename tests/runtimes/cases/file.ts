/** Checks for app/file.ts: full bodies, ranges, 416 and conditional GET over HTTP. */
import { gunzipSync } from 'node:zlib'
import { expect } from 'vitest'
import { BLOB_SIZE, FILE_SIZE } from '../app/file'
import { patternBytes } from '../app/router'
import { expectLength, fetchReply, type Case } from './case'

const fileBytes = Buffer.from(patternBytes(FILE_SIZE))
const blobBytes = Buffer.from(patternBytes(BLOB_SIZE))

export const blobCases: Case[] = [
  {
    subject: 'FileResponse',
    name: 'sends a whole blob with its type and validators',
    async run(base, d, q) {
      const r = await fetchReply(base, d, '/file-blob')
      expect(r.status).toBe(200)
      expect(r.headers['content-type']).toBe('application/x-test')
      expect(r.headers['accept-ranges']).toBe('bytes')
      expect(r.headers.etag).toMatch(/^"[^"]+"$/)
      // A Blob body: its length is known to the runtime, which keeps the content-length.
      expectLength(r, String(BLOB_SIZE), q)
      expect(r.body).toEqual(blobBytes)
    },
  },
  {
    subject: 'FileResponse',
    name: 'returns 206 with the exact bytes for a range of a blob',
    async run(base, d, q) {
      const r = await fetchReply(base, d, '/file-blob', { headers: { range: 'bytes=10-19' } })
      expect(r.status).toBe(206)
      expect(r.headers['content-range']).toBe(`bytes 10-19/${BLOB_SIZE}`)
      expectLength(r, '10', q, true)
      expect(r.body).toEqual(blobBytes.subarray(10, 20))
    },
  },
  {
    subject: 'FileResponse',
    name: 'adds no content-type to a typed blob sent with no media type',
    async run(base, d, q) {
      const r = await fetchReply(base, d, '/file-blob-untyped', { headers: { range: 'bytes=5-9' } })
      expect(r.status).toBe(206)
      // Bun's server gives every body without a content-type application/octet-stream.
      if (q.addsOctetStream) expect(r.headers['content-type']).toBe('application/octet-stream')
      else expect(r.headers['content-type']).toBeUndefined()
      expect(r.body).toEqual(blobBytes.subarray(5, 10))
    },
  },
  {
    subject: 'FileResponse',
    name: 'returns 416 for a blob range past the end',
    async run(base, d) {
      const r = await fetchReply(base, d, '/file-blob', { headers: { range: 'bytes=200000-' } })
      expect(r.status).toBe(416)
      expect(r.headers['content-range']).toBe(`bytes */${BLOB_SIZE}`)
    },
  },
]

export const pathCases: Case[] = [
  {
    subject: 'FileResponse',
    name: 'serves the precompressed gzip sibling, and ranges from the file itself',
    async run(base, d) {
      const gz = await fetchReply(base, d, '/file-precompressed', {
        headers: { 'accept-encoding': 'br, gzip' },
      })
      expect(gz.status).toBe(200)
      expect(gz.headers['content-encoding']).toBe('gzip')
      expect(gz.headers.vary).toBe('Accept-Encoding')
      expect(gz.headers.etag).toMatch(/-gzip"$/)
      expect(gunzipSync(gz.body)).toEqual(fileBytes)
      const range = await fetchReply(base, d, '/file-precompressed', {
        headers: { 'accept-encoding': 'gzip', range: 'bytes=0-99' },
      })
      expect(range.status).toBe(206)
      expect(range.headers['content-encoding']).toBeUndefined()
      expect(range.body).toEqual(fileBytes.subarray(0, 100))
    },
  },
  {
    subject: 'FileResponse',
    name: 'sends a whole file from a path with a download name',
    async run(base, d, q) {
      const r = await fetchReply(base, d, '/file-path')
      expect(r.status).toBe(200)
      expect(r.headers['content-type']).toBe('application/octet-stream')
      expect(r.headers['content-disposition']).toBe('attachment; filename="data.bin"')
      expectLength(r, String(FILE_SIZE), q, true)
      expect(r.headers['last-modified']).toMatch(/GMT$/)
      expect(r.body).toEqual(fileBytes)
    },
  },
  {
    subject: 'FileResponse',
    name: 'returns 206 with the exact bytes for a range of a file',
    async run(base, d, q) {
      const r = await fetchReply(base, d, '/file-path', { headers: { range: 'bytes=1000-1999' } })
      expect(r.status).toBe(206)
      expect(r.headers['content-range']).toBe(`bytes 1000-1999/${FILE_SIZE}`)
      expectLength(r, '1000', q, true)
      expect(r.body).toEqual(fileBytes.subarray(1000, 2000))
    },
  },
  {
    subject: 'FileResponse',
    name: 'returns the last bytes of a file for a suffix range',
    async run(base, d) {
      const r = await fetchReply(base, d, '/file-path', { headers: { range: 'bytes=-500' } })
      expect(r.status).toBe(206)
      expect(r.headers['content-range']).toBe(
        `bytes ${FILE_SIZE - 500}-${FILE_SIZE - 1}/${FILE_SIZE}`
      )
      expect(r.body).toEqual(fileBytes.subarray(FILE_SIZE - 500))
    },
  },
  {
    subject: 'FileResponse',
    name: 'returns 304 when if-none-match carries the file etag',
    async run(base, d) {
      const first = await fetchReply(base, d, '/file-path', { method: 'HEAD' })
      const etag = String(first.headers.etag)
      expect(etag).toMatch(/^"[^"]+"$/)
      const r = await fetchReply(base, d, '/file-path', { headers: { 'if-none-match': etag } })
      expect(r.status).toBe(304)
      expect(r.headers.etag).toBe(etag)
      expect(r.body.length).toBe(0)
    },
  },
]

/** Bun only (app/file.ts bunRoutes): a path and a `Bun.file` Blob, sent by Bun itself. */
export const bunCases: Case[] = [
  {
    subject: 'FileResponse',
    name: 'sends a Bun.file source whole and by range with its content-length',
    async run(base, d) {
      const r = await fetchReply(base, d, '/file-bun')
      expect(r.status).toBe(200)
      expect(r.headers['content-length']).toBe(String(FILE_SIZE))
      expect(r.body).toEqual(fileBytes)
      const range = await fetchReply(base, d, '/file-bun', { headers: { range: 'bytes=7-70006' } })
      expect(range.status).toBe(206)
      expect(range.headers['content-range']).toBe(`bytes 7-70006/${FILE_SIZE}`)
      expect(range.headers['content-length']).toBe('70000')
      expect(range.body).toEqual(fileBytes.subarray(7, 70007))
    },
  },
  {
    subject: 'FileResponse',
    name: 'sends a path whole and by range with its content-length and no header of Bun',
    async run(base, d, q) {
      for (const path of ['/file-path', '/file-path-text', '/file-path-octet']) {
        const r = await fetchReply(base, d, path)
        expect(r.status).toBe(200)
        // The octet-stream one, without a name, is streamed: Bun would name a Blob after the file.
        if (path === '/file-path-octet') expectLength(r, String(FILE_SIZE), q, true)
        else expect(r.headers['content-length']).toBe(String(FILE_SIZE))
        if (path === '/file-path') {
          expect(r.headers['content-disposition']).toBe('attachment; filename="data.bin"')
        } else expect(r.headers['content-disposition']).toBeUndefined()
        expect(r.body).toEqual(fileBytes)
        const range = await fetchReply(base, d, path, { headers: { range: 'bytes=-1000' } })
        expect(range.status).toBe(206)
        if (path === '/file-path-octet') expectLength(range, '1000', q, true)
        else expect(range.headers['content-length']).toBe('1000')
        expect(range.headers['accept-ranges']).toBe('bytes')
        expect(range.body).toEqual(fileBytes.subarray(FILE_SIZE - 1000))
      }
    },
  },
  {
    subject: 'FileResponse',
    name: 'sends the whole file when If-Range does not match, whatever Bun would do',
    async run(base, d) {
      for (const path of ['/file-bun', '/file-path-text']) {
        const r = await fetchReply(base, d, path, {
          headers: { range: 'bytes=0-9', 'if-range': '"stale"' },
        })
        expect(r.status).toBe(200)
        expect(r.headers['content-range']).toBeUndefined()
        expect(r.body).toEqual(fileBytes)
        // A range our parser ignores (Bun's own would answer it): the whole file.
        const odd = await fetchReply(base, d, path, { headers: { range: 'bytes=5-1' } })
        expect(odd.status).toBe(200)
        expect(odd.body).toEqual(fileBytes)
      }
    },
  },
]
