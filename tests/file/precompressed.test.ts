/**
 * Precompressed siblings (`init.precompressed`): real files and real siblings made by zlib,
 * served over HTTP on 127.0.0.1. undici's `request` reads the raw (still encoded) bytes, its
 * `fetch` and `curl --compressed` decode them, and the adapter matrix checks Node, Express and
 * Hono agree.
 */
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FileResponse, type FileResponseInit, type PrecompressedEncoding } from '../../src/file'
import { toNodeListener } from '../../src/adapters/node'
import { describeAdapters, HTTP_ADAPTERS } from '../helpers/describe-adapters'
import { serve, type TestServer } from '../helpers/serve'

const run = promisify(execFile)

interface Files {
  base: string
  root: string
  js: Buffer
  br: Buffer
  gz: Buffer
  zst: Buffer
}

let files: Files
let server: TestServer

/** Compressible text, large enough that every coding shrinks it. */
function script(): Buffer {
  const lines: string[] = []
  for (let i = 0; i < 4000; i++) lines.push(`export const value${i} = ${JSON.stringify('v' + i)}`)
  return Buffer.from(lines.join('\n') + '\n')
}

async function makeFiles(): Promise<Files> {
  const base = await mkdtemp(join(tmpdir(), 'rk-precompressed-'))
  const root = join(base, 'root')
  const outside = join(base, 'outside')
  await mkdir(root)
  await mkdir(outside)
  const js = script()
  const br = brotliCompressSync(js)
  const gz = gzipSync(js)
  // The server copies a sibling's bytes without reading them: any bytes stand for zstd here.
  const zst = Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), randomBytes(300)])
  await writeFile(join(root, 'app.js'), js)
  await writeFile(join(root, 'app.js.br'), br)
  await writeFile(join(root, 'app.js.gz'), gz)
  await writeFile(join(root, 'app.js.zst'), zst)
  // Only a gzip sibling.
  await writeFile(join(root, 'only-gz.js'), js)
  await writeFile(join(root, 'only-gz.js.gz'), gz)
  // A sibling that is a symlink out of root must never be served.
  await writeFile(join(root, 'escape.js'), js)
  await writeFile(join(outside, 'secret.br'), Buffer.from('outside root'))
  await symlink(join(outside, 'secret.br'), join(root, 'escape.js.br'))
  // A sibling without its file.
  await writeFile(join(root, 'orphan.js.br'), br)
  return { base, root, js, br, gz, zst }
}

function optionsFrom(url: URL, root: string): FileResponseInit {
  const init: FileResponseInit = { root }
  const only = url.searchParams.get('only')
  init.precompressed = only === null ? true : (only.split(',') as PrecompressedEncoding[])
  if (url.searchParams.has('off')) init.precompressed = false
  const etag = url.searchParams.get('etag')
  if (etag !== null) init.etag = etag
  const status = url.searchParams.get('status')
  if (status !== null) init.status = Number(status)
  return init
}

beforeAll(async () => {
  files = await makeFiles()
  const handler = (req: Request) => {
    const url = new URL(req.url)
    return new FileResponse(url.pathname.slice(1), optionsFrom(url, files.root))
  }
  server = await serve(handler, toNodeListener(handler, { onError: () => {} }))
})

afterAll(async () => {
  await server?.close()
  await rm(files.base, { recursive: true, force: true })
})

/** Raw exchange: undici's `request` never decodes, so the sibling's own bytes come back. */
async function raw(path: string, headers: Record<string, string> = {}, method = 'GET') {
  const res = await request(server.url + path, { method, headers })
  const body = Buffer.from(await res.body.arrayBuffer())
  const header = (name: string) => {
    const value = res.headers[name]
    return Array.isArray(value) ? value.join(', ') : (value ?? null)
  }
  return { status: res.statusCode, header, body }
}

describe('FileResponse precompressed siblings', () => {
  it('serves the br sibling to a client that prefers br, with its own length and etag', async () => {
    const res = await raw('/app.js', { 'accept-encoding': 'gzip, deflate, br' })
    expect(res.status).toBe(200)
    expect(res.header('content-encoding')).toBe('br')
    expect(res.body.equals(files.br)).toBe(true)
    expect(res.header('content-length')).toBe(String(files.br.byteLength))
    expect(res.header('content-type')).toBe('text/javascript; charset=utf-8')
    expect(res.header('vary')).toBe('Accept-Encoding')
    expect(res.header('etag')).toMatch(/^"[0-9a-f]+-[0-9a-f]+-br"$/)
    // Ranges are answered from the identity file: an encoded answer offers none.
    expect(res.header('accept-ranges')).toBe('none')
  })

  it('follows q-values, server preference on ties, and the configured codings', async () => {
    const cases: [string, string, string | null, Buffer][] = [
      ['/app.js', 'gzip', 'gzip', files.gz],
      ['/app.js', 'br;q=0.5, gzip', 'gzip', files.gz],
      ['/app.js', 'zstd, gzip;q=0.9', 'zstd', files.zst],
      ['/app.js', '*', 'br', files.br],
      ['/app.js', 'br;q=0, *', 'zstd', files.zst],
      ['/app.js', 'identity, br;q=0.5', null, files.js],
      ['/app.js', 'compress, x-unknown', null, files.js],
      ['/app.js?only=gzip', 'br, gzip', 'gzip', files.gz],
      ['/app.js?only=gzip,br', 'br, gzip', 'gzip', files.gz],
      ['/app.js?off', 'br, gzip', null, files.js],
    ]
    for (const [path, accept, encoding, bytes] of cases) {
      const res = await raw(path, { 'accept-encoding': accept })
      expect([path, accept, res.header('content-encoding')]).toEqual([path, accept, encoding])
      expect(res.body.equals(bytes)).toBe(true)
    }
  })

  it('falls back to the next acceptable sibling, then to identity, when one is missing', async () => {
    const gz = await raw('/only-gz.js', { 'accept-encoding': 'br, gzip' })
    expect(gz.header('content-encoding')).toBe('gzip')
    expect(gz.body.equals(files.gz)).toBe(true)
    const none = await raw('/only-gz.js', { 'accept-encoding': 'br' })
    expect(none.header('content-encoding')).toBeNull()
    expect(none.body.equals(files.js)).toBe(true)
    expect(none.header('vary')).toBe('Accept-Encoding')
    expect(none.header('accept-ranges')).toBe('bytes')
  })

  it('sends identity with Vary when the client sends no Accept-Encoding or refuses identity with nothing else to offer', async () => {
    const plain = await raw('/app.js')
    expect(plain.header('content-encoding')).toBeNull()
    expect(plain.header('vary')).toBe('Accept-Encoding')
    expect(plain.body.equals(files.js)).toBe(true)
    const refused = await raw('/only-gz.js', { 'accept-encoding': 'br, identity;q=0' })
    expect(refused.status).toBe(200)
    expect(refused.header('content-encoding')).toBeNull()
    expect(refused.body.equals(files.js)).toBe(true)
  })

  it('answers every Range request from the identity file, whatever the client accepts', async () => {
    const res = await raw('/app.js', { 'accept-encoding': 'br', range: 'bytes=10-29' })
    expect(res.status).toBe(206)
    expect(res.header('content-encoding')).toBeNull()
    expect(res.header('content-range')).toBe(`bytes 10-29/${files.js.byteLength}`)
    expect(res.body.equals(files.js.subarray(10, 30))).toBe(true)
    expect(res.header('vary')).toBe('Accept-Encoding')
    expect(res.header('etag')).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/)
  })

  it('never lets an If-Range from the encoded answer address identity bytes', async () => {
    const encoded = await raw('/app.js', { 'accept-encoding': 'br' })
    const etag = encoded.header('etag')!
    const res = await raw('/app.js', {
      'accept-encoding': 'br',
      range: 'bytes=0-9',
      'if-range': etag,
    })
    // The tag names the br representation, so it does not match: the whole identity file.
    expect(res.status).toBe(200)
    expect(res.header('content-encoding')).toBeNull()
    expect(res.body.equals(files.js)).toBe(true)
  })

  it('answers If-None-Match per representation: 304 for the same coding, 200 for another', async () => {
    const first = await raw('/app.js', { 'accept-encoding': 'br' })
    const etag = first.header('etag')!
    const again = await raw('/app.js', { 'accept-encoding': 'br', 'if-none-match': etag })
    expect(again.status).toBe(304)
    expect(again.body.byteLength).toBe(0)
    expect(again.header('etag')).toBe(etag)
    expect(again.header('vary')).toBe('Accept-Encoding')
    const other = await raw('/app.js', { 'accept-encoding': 'gzip', 'if-none-match': etag })
    expect(other.status).toBe(200)
    expect(other.header('content-encoding')).toBe('gzip')
    expect(other.body.equals(files.gz)).toBe(true)
    expect(other.header('etag')).not.toBe(etag)
  })

  it('tags a caller-given entity-tag with the coding, weak or strong', async () => {
    const strong = await raw('/app.js?etag=v1', { 'accept-encoding': 'gzip' })
    expect(strong.header('etag')).toBe('"v1-gzip"')
    const weak = await raw(`/app.js?etag=${encodeURIComponent('W/"v1"')}`, {
      'accept-encoding': 'br',
    })
    expect(weak.header('etag')).toBe('W/"v1-br"')
    const identity = await raw('/app.js?etag=v1')
    expect(identity.header('etag')).toBe('"v1"')
  })

  it('answers HEAD with the headers GET would get from the sibling', async () => {
    const res = await raw('/app.js', { 'accept-encoding': 'br' }, 'HEAD')
    expect(res.status).toBe(200)
    expect(res.header('content-encoding')).toBe('br')
    expect(res.header('content-length')).toBe(String(files.br.byteLength))
    expect(res.body.byteLength).toBe(0)
  })

  it('keeps root containment for siblings: a sibling symlinked out of root is never served', async () => {
    const res = await raw('/escape.js', { 'accept-encoding': 'br' })
    expect(res.status).toBe(200)
    expect(res.header('content-encoding')).toBeNull()
    expect(res.body.equals(files.js)).toBe(true)
    const traversal = await raw('/../outside/secret', { 'accept-encoding': 'br' })
    expect(traversal.status).toBe(404)
  })

  it('needs the identity file: a sibling alone is a 404', async () => {
    const res = await raw('/orphan.js', { 'accept-encoding': 'br' })
    expect(res.status).toBe(404)
  })

  it('sends a caller-chosen status as it is, from the identity file', async () => {
    const res = await raw('/app.js?status=404', { 'accept-encoding': 'br' })
    expect(res.status).toBe(404)
    expect(res.header('content-encoding')).toBeNull()
    expect(res.body.equals(files.js)).toBe(true)
  })

  it('decodes to the exact file bytes in undici fetch and curl --compressed', async () => {
    for (const accept of ['br', 'gzip']) {
      const res = await fetch(server.url + '/app.js', { headers: { 'accept-encoding': accept } })
      expect(res.headers.get('content-encoding')).toBe(accept)
      expect(Buffer.from(await res.arrayBuffer()).equals(files.js)).toBe(true)
    }
    const { stdout } = await run(
      '/usr/bin/curl',
      ['-s', '--compressed', '-H', 'accept-encoding: br, gzip', '-D', '-', server.url + '/app.js'],
      { encoding: 'buffer', maxBuffer: 16 * 1024 * 1024 }
    )
    const split = stdout.indexOf('\r\n\r\n')
    const head = stdout.subarray(0, split).toString('latin1').toLowerCase()
    expect(head).toMatch(/content-encoding: br/)
    expect(stdout.subarray(split + 4).equals(files.js)).toBe(true)
  })

  it('is left alone by the adapter compression, which compresses the identity answers', async () => {
    const handler = () => new FileResponse('app.js', { root: files.root, precompressed: ['gzip'] })
    const compressing = await serve(
      handler,
      toNodeListener(handler, { onError: () => {}, compression: { encodings: ['br', 'gzip'] } })
    )
    try {
      const sibling = await request(compressing.url + '/app.js', {
        headers: { 'accept-encoding': 'gzip' },
      })
      expect(sibling.headers['content-encoding']).toBe('gzip')
      expect(Buffer.from(await sibling.body.arrayBuffer()).equals(files.gz)).toBe(true)
      // No br sibling is offered: the adapter compresses the identity file itself.
      const dynamic = await fetch(compressing.url + '/app.js', {
        headers: { 'accept-encoding': 'br' },
      })
      expect(dynamic.headers.get('content-encoding')).toBe('br')
      expect(dynamic.headers.get('vary')).toBe('Accept-Encoding')
      expect(Buffer.from(await dynamic.arrayBuffer()).equals(files.js)).toBe(true)
    } finally {
      await compressing.close()
    }
  })

  it('refuses the option for a non-path source and unknown codings with a TypeError', () => {
    expect(() => new FileResponse(new Uint8Array(3), { precompressed: true })).toThrow(
      /precompressed needs a path source/
    )
    expect(() => new FileResponse(new Blob(['x']), { precompressed: ['gzip'] })).toThrow(TypeError)
    expect(
      () =>
        new FileResponse('a.js', {
          precompressed: ['deflate'] as unknown as PrecompressedEncoding[],
        })
    ).toThrow(/unknown coding "deflate"/)
    expect(
      () =>
        new FileResponse('a.js', {
          precompressed: 'br' as unknown as boolean,
        })
    ).toThrow(/must be a boolean or an array/)
    // Off is accepted for every source.
    expect(new FileResponse(new Uint8Array(3), { precompressed: false }).status).toBe(200)
  })
})

describeAdapters(
  'FileResponse precompressed siblings',
  (t) => {
    const handler = () => new FileResponse('app.js', { root: files.root, precompressed: true })
    it('serves the sibling with its coding and the client decodes the exact bytes', async () => {
      for (const accept of ['br', 'gzip']) {
        const res = await t.fetch(handler, '/app.js', { headers: { 'accept-encoding': accept } })
        expect(res.status).toBe(200)
        expect(res.headers.get('content-encoding')).toBe(accept)
        expect(res.headers.get('vary')).toBe('Accept-Encoding')
        expect(Buffer.from(await res.arrayBuffer()).equals(files.js)).toBe(true)
      }
    })
  },
  HTTP_ADAPTERS
)
