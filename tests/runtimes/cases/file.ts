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
      expectLength(r, String(BLOB_SIZE), q, true)
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
