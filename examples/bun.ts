/**
 * Bun entry: `Bun.serve` takes response-kit classes as they are, since each is a real
 * `Response`.
 *
 *   bun run examples/bun.ts                    (PORT=3000 bun run examples/bun.ts)
 *   curl -r 0-7 http://127.0.0.1:PORT/notes.txt
 */
import { app } from './_shared/edge-app'

// Bun's own types are not installed here; this is the part of them the example uses.
declare const Bun: {
  serve(options: {
    hostname: string
    port: number
    fetch: (request: Request) => Response | Promise<Response>
  }): { port: number; stop(closeActiveConnections?: boolean): void }
}

const server = Bun.serve({
  hostname: '127.0.0.1',
  port: Number(process.env.PORT ?? 0),
  fetch: app('bun'),
})
console.log(`bun listening on http://127.0.0.1:${server.port}`)

process.once('SIGTERM', () => {
  server.stop(true)
  process.exit(0)
})
