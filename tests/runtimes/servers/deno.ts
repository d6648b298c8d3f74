/**
 * Deno entry of the runtime matrix: every route served natively by Deno.serve on 127.0.0.1:0.
 * Stops itself when its stdin closes (the harness went away) or after LIFETIME_MS.
 */
import { compressRoutes } from '../app/compress'
import { blobRoutes, pathRoutes } from '../app/file'
import { fastJsonRoutes } from '../app/fast-json'
import serializer from 'virtual:rk-serializer'
import { rootRoutes } from '../app/root'
import { streamingRoutes } from '../app/streaming'
import { router } from '../app/router'
import { announce, LIFETIME_MS } from './lifetime'

declare const Deno: {
  serve(
    options: { hostname: string; port: number; onListen(addr: { port: number }): void },
    handler: (request: Request) => Response | Promise<Response>
  ): { shutdown(): Promise<void> }
  stdin: { read(buffer: Uint8Array): Promise<number | null> }
  exit(code: number): never
  env: { get(name: string): string | undefined }
}

Deno.serve(
  { hostname: '127.0.0.1', port: 0, onListen: ({ port }) => console.log(announce(port)) },
  router(
    rootRoutes,
    streamingRoutes,
    blobRoutes,
    pathRoutes(Deno.env.get('RK_FIXTURE') ?? 'RK_FIXTURE is not set'),
    fastJsonRoutes(serializer),
    compressRoutes
  )
)

setTimeout(() => Deno.exit(0), LIFETIME_MS)
const buffer = new Uint8Array(64)
while ((await Deno.stdin.read(buffer)) !== null) {
  // Nothing is sent on stdin; it only closes when the harness goes away.
}
Deno.exit(0)
