/**
 * Bun entry of the runtime matrix: every route served natively by Bun.serve on 127.0.0.1:0.
 * Stops itself when its stdin closes (the harness went away) or after LIFETIME_MS.
 */
import { compressRoutes } from '../app/compress'
import { blobRoutes, bunRoutes, pathRoutes } from '../app/file'
import { fastJsonRoutes } from '../app/fast-json'
import serializer from 'virtual:rk-serializer'
import { rootRoutes } from '../app/root'
import { streamingRoutes } from '../app/streaming'
import { router } from '../app/router'
import { announce, LIFETIME_MS } from './lifetime'

declare const Bun: {
  file(path: string): Blob
  serve(options: {
    hostname: string
    port: number
    fetch: (request: Request) => Response | Promise<Response>
  }): { port: number; stop(force?: boolean): void }
}

const server = Bun.serve({
  hostname: '127.0.0.1',
  port: 0,
  fetch: router(
    rootRoutes,
    streamingRoutes,
    blobRoutes,
    pathRoutes(process.env.RK_FIXTURE ?? 'RK_FIXTURE is not set'),
    bunRoutes(process.env.RK_FIXTURE ?? 'RK_FIXTURE is not set', (path) => Bun.file(path)),
    fastJsonRoutes(serializer),
    compressRoutes
  ),
})
console.log(announce(server.port))

function stop(): void {
  server.stop(true)
  process.exit(0)
}
setTimeout(stop, LIFETIME_MS).unref()
process.stdin.on('end', stop)
process.stdin.on('close', stop)
process.stdin.resume()
