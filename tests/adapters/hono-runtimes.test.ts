/**
 * response-kit/hono on Bun and Deno (their own servers, not @hono/node-server): the app in
 * hono-runtime-app.ts is bundled with esbuild (src and hono inlined, node: builtins left to the
 * runtime) and queried over HTTP with undici. Uses the runtimes installed in .runtimes by
 * scripts/install-runtimes.mjs, so it runs in `npm run test:runtimes`, not the main `vitest run`.
 */
import { join } from 'node:path'
import { build } from 'esbuild'
import { fetch } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runtime, startServer, type RunningServer } from '../runtimes/harness'

const OUT = join(import.meta.dirname, '../../.runtimes/build/hono-adapter.mjs')

beforeAll(async () => {
  await build({
    entryPoints: [join(import.meta.dirname, 'hono-runtime-app.ts')],
    outfile: OUT,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    external: ['node:*'],
    mainFields: ['module', 'main'],
    logLevel: 'error',
  })
})

const runtimes: ['bun' | 'deno', string[]][] = [
  ['bun', ['run', OUT]],
  ['deno', ['run', '-A', OUT]],
]

for (const [name, args] of runtimes) {
  describe('toHonoHandler', () => {
    describe(`on ${name}`, () => {
      let server: RunningServer
      beforeAll(async () => {
        server = await startServer(name, runtime(name).bin, args)
      }, 60_000)
      afterAll(() => server?.close())

      it('turns a plain value into the defaultResponseClass', async () => {
        const res = await fetch(`${server.url}/json`)
        expect(res.headers.get('content-type')).toBe('application/json')
        expect(await res.json()).toEqual({ runtime: 'hono' })
      })

      it('answers a Range request with a 206 through prepare', async () => {
        const res = await fetch(`${server.url}/file`, { headers: { range: 'bytes=6-10' } })
        expect(res.status).toBe(206)
        expect(res.headers.get('content-range')).toBe('bytes 6-10/11')
        expect(await res.text()).toBe('world')
      })

      it('answers a Range request through prepareResponses on a plain route', async () => {
        const res = await fetch(`${server.url}/plain/file`, { headers: { range: 'bytes=0-4' } })
        expect(res.status).toBe(206)
        expect(await res.text()).toBe('hello')
      })

      it('streams SSE events', async () => {
        const res = await fetch(`${server.url}/events`)
        expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/)
        expect(await res.text()).toBe('data: one\n\ndata: two\n\n')
      })

      it('answers a thrown HTTPException with its JSON', async () => {
        const res = await fetch(`${server.url}/forbidden`)
        expect(res.status).toBe(403)
        expect(await res.json()).toEqual({ detail: 'Forbidden' })
      })
    })
  })
}
