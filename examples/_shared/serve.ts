/**
 * The few lines every example shares: serve a fetch-style handler on 127.0.0.1 with
 * response-kit's Node adapter, on `PORT` (default 0: any free port), print the URL, and close
 * cleanly on SIGTERM or Ctrl-C. Copy it into your own project as is.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { toNodeListener } from 'response-kit/node'

/** A handler in the shape of `fetch`: a `Request` in, a `Response` out. */
export type Handler = (request: Request) => Response | Promise<Response>

/** Serves `handler` through `toNodeListener` and prints `name listening on URL`. */
export function serve(name: string, handler: Handler): Promise<Server> {
  return listen(name, createServer(toNodeListener(handler)))
}

/** Listens with a server built elsewhere (an Express app, a Hono listener). */
export function listen(name: string, server: Server): Promise<Server> {
  const port = Number(process.env.PORT ?? 0)
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      console.log(`${name} listening on http://127.0.0.1:${port}`)
      resolve(server)
    })
    const stop = () => {
      // Open SSE streams would keep close() waiting forever; end them too.
      server.closeAllConnections()
      server.close(() => process.exit(0))
    }
    process.once('SIGTERM', stop)
    process.once('SIGINT', stop)
  })
}
