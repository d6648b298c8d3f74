/**
 * The ./compress entry on the edge: bundled by esbuild for the neutral platform (negotiator's
 * CommonJS encoding module included) it imports no `node:` module and generates no code; run
 * in Vercel's edge-runtime (no `process`, so no zlib) it compresses with CompressionStream and
 * leaves event streams alone.
 */
import { gunzipSync, gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { EdgeRuntime } from 'edge-runtime'
import { beforeAll, describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
/**
 * min+gz ceiling for what compress() adds beyond the root entry: negotiator's encoding parser
 * (with content-type, which its shared Accept parser requires), the type list and the engines.
 */
const CEILING = 4.5 * 1024

async function bundle(contents: string, format: 'esm' | 'iife') {
  const seen: string[] = []
  const result = await build({
    stdin: { contents, resolveDir: ROOT, loader: 'ts' },
    absWorkingDir: ROOT,
    bundle: true,
    minify: true,
    format,
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    plugins: [
      {
        name: 'record-node',
        setup(b) {
          b.onResolve({ filter: /^node:/ }, (args) => {
            seen.push(args.path)
            return { path: args.path, external: true }
          })
        },
      },
    ],
  })
  const code = result.outputFiles[0]!.text
  return { code, gzip: gzipSync(code, { level: 9 }).length, nodeImports: seen }
}

describe('compress on the edge', () => {
  it('bundles with negotiator, without node: imports or code generation', async () => {
    const { code, nodeImports } = await bundle(`export { compress } from './src/compress'`, 'esm')
    expect(nodeImports).toEqual([])
    expect(code).not.toMatch(/\bnew Function\b|\beval\(|\brequire\(/)
    expect(code).not.toMatch(/\bimport\b/)
  })

  it(`adds under ${CEILING} B min+gz to an app that uses the root entry`, async () => {
    const root = await bundle(`export * from './src/index'`, 'esm')
    const both = await bundle(
      `export * from './src/index'\nexport { compress } from './src/compress'`,
      'esm'
    )
    expect(both.gzip - root.gzip).toBeLessThan(CEILING)
  })

  describe('in edge-runtime', () => {
    let runtime: EdgeRuntime
    const TEXT = 'edge compression '.repeat(200)

    beforeAll(async () => {
      const { code } = await bundle(
        `import { compress } from './src/compress'
        import { PlainTextResponse, SSEResponse } from './src/index'
        addEventListener('fetch', (event) => {
          const path = new URL(event.request.url).pathname
          const response = path === '/sse'
            ? new SSEResponse([{ data: ${JSON.stringify(TEXT)} }])
            : new PlainTextResponse(${JSON.stringify(TEXT)})
          // The emulator deletes content-encoding from every response (Vercel's platform
          // encodes itself): mirror it so the test can see it.
          event.respondWith(compress(response, event.request).then((res) => {
            res.headers.set('x-coding', res.headers.get('content-encoding') ?? 'none')
            return res
          }))
        })`,
        'iife'
      )
      runtime = new EdgeRuntime({
        initialCode: code,
        // edge-runtime lacks CompressionStream, which Vercel's edge runtime and workerd have.
        extend: (context) => Object.assign(context, { CompressionStream }),
      })
    })

    // Dispatched in the VM, not through runServer: its Node server drops content-encoding.
    const get = (path: string, accept: string) =>
      runtime.dispatchFetch(`http://localhost${path}`, { headers: { 'accept-encoding': accept } })

    it('compresses with gzip through CompressionStream (no zlib, so no br)', async () => {
      const res = await get('/text', 'br, gzip')
      expect(res.headers.get('x-coding')).toBe('gzip')
      expect(gunzipSync(new Uint8Array(await res.arrayBuffer())).toString()).toBe(TEXT)
    })

    it('leaves text/event-stream uncompressed (CompressionStream cannot flush)', async () => {
      const res = await get('/sse', 'gzip')
      expect(res.headers.get('x-coding')).toBe('none')
      expect(await res.text()).toBe(`data: ${TEXT}\n\n`)
    })
  })
})
