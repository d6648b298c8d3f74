/**
 * Deno entry: `Deno.serve` takes response-kit classes as they are, since each is a real
 * `Response`. Deno resolves `response-kit` from node_modules like any npm package.
 *
 *   deno run --allow-net --allow-env --allow-read examples/deno.ts
 *   curl -N http://127.0.0.1:PORT/events
 */
import { app } from './_shared/edge-app'

// Deno's own types are not installed here; this is the part of them the example uses.
declare const Deno: {
  env: { get(name: string): string | undefined }
  serve(
    options: { hostname: string; port: number; onListen(address: { port: number }): void },
    handler: (request: Request) => Response | Promise<Response>
  ): { shutdown(): Promise<void> }
  addSignalListener(signal: 'SIGTERM' | 'SIGINT', handler: () => void): void
  exit(code: number): never
}

const server = Deno.serve(
  {
    hostname: '127.0.0.1',
    port: Number(Deno.env.get('PORT') ?? 0),
    onListen: ({ port }) => console.log(`deno listening on http://127.0.0.1:${port}`),
  },
  app('deno')
)

Deno.addSignalListener('SIGTERM', () => {
  void server.shutdown().then(() => Deno.exit(0))
})
