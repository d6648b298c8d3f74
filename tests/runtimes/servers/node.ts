/**
 * Node entry of the runtime matrix (run by the Node 22 and Node 24 binaries): every route served
 * through the built `response-kit/node` adapter on 127.0.0.1:0. Stops itself when its stdin
 * closes (the harness went away) or after LIFETIME_MS.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { toNodeListener } from 'response-kit/node'
import { compressRoutes } from '../app/compress'
import { blobRoutes, pathRoutes } from '../app/file'
import { fastJsonRoutes } from '../app/fast-json'
import serializer from 'virtual:rk-serializer'
import { rootRoutes } from '../app/root'
import { streamingRoutes } from '../app/streaming'
import { router } from '../app/router'
import { announce, LIFETIME_MS } from './lifetime'

const server = createServer(
  toNodeListener(
    router(
      rootRoutes,
      streamingRoutes,
      blobRoutes,
      pathRoutes(process.env.RK_FIXTURE ?? 'RK_FIXTURE is not set'),
      fastJsonRoutes(serializer),
      compressRoutes
    )
  )
)
server.listen(0, '127.0.0.1', () => {
  console.log(announce((server.address() as AddressInfo).port))
})

function stop(): void {
  server.closeAllConnections()
  server.close()
  process.exit(0)
}
setTimeout(stop, LIFETIME_MS).unref()
process.stdin.on('end', stop)
process.stdin.on('close', stop)
process.stdin.resume()
