import { join } from 'node:path'
import { build } from 'esbuild'
import { EdgeRuntime, runServer } from 'edge-runtime'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

let code = ''
let server: Awaited<ReturnType<typeof runServer>>

beforeAll(async () => {
  const result = await build({
    entryPoints: [join(import.meta.dirname, 'edge-entry.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    external: ['node:*'],
  })
  code = result.outputFiles[0]!.text
  server = await runServer({
    runtime: new EdgeRuntime({ initialCode: code }),
    host: '127.0.0.1',
    port: 0,
  })
})

afterAll(async () => {
  await server?.close()
})

describe('FileResponse', () => {
  describe('on edge-runtime', () => {
    it('loads the ./file entry with node: modules only behind dynamic import()', () => {
      expect(code).not.toMatch(/require\(\s*["']node:/)
      expect(code).toMatch(/import\(\s*["']node:fs\/promises["']\s*\)/)
    })

    it('serves a Blob with Range, content-disposition and validators', async () => {
      const res = await fetch(`${server.url}blob`, { headers: { range: 'bytes=2-5' } })
      expect(res.status).toBe(206)
      expect(res.headers.get('content-range')).toBe('bytes 2-5/20')
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename="resume.txt"; filename*=UTF-8''r%C3%A9sum%C3%A9.txt`
      )
      expect(res.headers.get('last-modified')).toBe('Thu, 01 Jan 1970 00:00:00 GMT')
      expect(await res.text()).toBe('2345')
      const etag = res.headers.get('etag')!
      const cached = await fetch(`${server.url}blob`, { headers: { 'if-none-match': etag } })
      expect(cached.status).toBe(304)
    })

    it('serves a sized stream with several ranges as multipart/byteranges', async () => {
      const res = await fetch(`${server.url}stream`, { headers: { range: 'bytes=0-1,-2' } })
      expect(res.status).toBe(206)
      const type = res.headers.get('content-type')!
      const boundary = type.split('boundary=')[1]!
      expect(type).toBe(`multipart/byteranges; boundary=${boundary}`)
      const text = await res.text()
      expect(text).toContain('content-range: bytes 0-1/20\r\n\r\n01\r\n')
      expect(text).toContain('content-range: bytes 18-19/20\r\n\r\nij\r\n')
      expect(text.endsWith(`--${boundary}--\r\n`)).toBe(true)
    })

    it('answers 416 for bytes past the end', async () => {
      const res = await fetch(`${server.url}bytes`, { headers: { range: 'bytes=20-' } })
      expect(res.status).toBe(416)
      expect(res.headers.get('content-range')).toBe('bytes */20')
    })
  })
})
