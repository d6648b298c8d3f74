/**
 * The Bun, Deno and Worker entry files of examples/ on their own runtimes (installed by
 * scripts/install-runtimes.mjs): each starts, answers the shared edge app's routes over HTTP
 * (PlainText, JSON, SSE, and FileResponse from a Blob with Range) and stops on SIGTERM. A
 * runtime that is missing makes these tests fail, never skip.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'
import { request } from 'undici'
import { describe, expect, it } from 'vitest'
import { startExample, type RunningExample } from '../helpers/run-example'
import { BUILD_DIR, distFile } from './bundle'
import { freePort, runtime } from './harness'

async function checkApp(url: string, name: string): Promise<void> {
  const hello = await request(url)
  expect(await hello.body.text()).toBe(`hello from ${name}`)
  expect(hello.headers['content-type']).toBe('text/plain; charset=utf-8')

  const json = await request(`${url}/json`)
  expect(await json.body.json()).toMatchObject({ runtime: name })

  const events = await request(`${url}/events`)
  expect(events.headers['content-type']).toBe('text/event-stream; charset=utf-8')
  expect(await events.body.text()).toBe(
    [1, 2, 3].map((i) => `event: tick\nid: ${i}\ndata: {"i":${i}}\n\n`).join('')
  )

  const part = await request(`${url}/notes.txt`, { headers: { range: 'bytes=0-11' } })
  expect(part.statusCode).toBe(206)
  expect(part.headers['content-range']).toBe('bytes 0-11/36')
  expect(await part.body.text()).toBe('response-kit')
}

async function stopCleanly(example: RunningExample): Promise<void> {
  const code = await example.stop()
  expect([0, null], example.output()).toContain(code)
}

describe('examples on their runtimes', () => {
  it('bun.ts serves the edge app with Bun.serve', async () => {
    const example = await startExample('examples/bun.ts', {}, 30_000, [runtime('bun').bin, 'run'])
    try {
      await checkApp(example.url, 'bun')
    } finally {
      await stopCleanly(example)
    }
  })

  it('deno.ts serves the edge app with Deno.serve', async () => {
    const deno = [runtime('deno').bin, 'run', '--allow-net', '--allow-env', '--allow-read']
    const example = await startExample('examples/deno.ts', {}, 30_000, deno)
    try {
      await checkApp(example.url, 'deno')
    } finally {
      await stopCleanly(example)
    }
  })

  it('worker.ts serves the edge app in workerd', async () => {
    // Bundle the module worker with the built package inlined, as wrangler would.
    const outfile = join(BUILD_DIR, 'example-worker.mjs')
    await build({
      entryPoints: ['examples/worker.ts'],
      outfile,
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      target: 'es2022',
      conditions: ['workerd', 'worker', 'browser'],
      mainFields: ['module', 'main'],
      external: ['node:*'],
      logLevel: 'error',
      plugins: [
        {
          name: 'response-kit-from-dist',
          setup: (b) =>
            b.onResolve({ filter: /^response-kit(\/.*)?$/ }, (args) => ({
              path: distFile(args.path),
            })),
        },
      ],
    })
    const port = await freePort()
    const config = join(BUILD_DIR, 'example-worker.capnp')
    writeFileSync(
      config,
      `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [ (name = "worker", esModule = embed "example-worker.mjs") ],
  compatibilityDate = "2026-11-01",
  compatibilityFlags = ["nodejs_compat"],
);
`
    )
    // workerd prints no URL of its own; `--verbose` is quiet too, so announce it through echo.
    const example = await startExample(config, {}, 30_000, [
      'sh',
      '-c',
      `echo "workerd on http://127.0.0.1:${port}"; exec "$0" serve "$1"`,
      runtime('workerd').bin,
    ])
    try {
      await waitForPort(port)
      await checkApp(example.url, 'workerd')
    } finally {
      await stopCleanly(example)
    }
  })
})

async function waitForPort(port: number): Promise<void> {
  const deadline = Date.now() + 20_000
  for (;;) {
    try {
      const res = await request(`http://127.0.0.1:${port}/`)
      await res.body.dump()
      return
    } catch (error) {
      if (Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
}
