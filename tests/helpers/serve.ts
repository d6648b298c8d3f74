/**
 * Test helper: serves a fetch-style handler on 127.0.0.1 (port 0) with a minimal generic
 * node:http bridge, and closes itself. The adapter suites replace this with response-kit/node
 * once it exists; keep it tiny and independent of the code under test.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export type FetchHandler = (request: Request) => Response | Promise<Response>

export interface TestServer {
  url: string
  server: Server
  close(): Promise<void>
}

function toRequest(req: IncomingMessage, base: string): Request {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v)
    else if (value !== undefined) headers.set(name, value)
  }
  return new Request(new URL(req.url ?? '/', base), { method: req.method ?? 'GET', headers })
}

/** Starts a server for `handler`; `listener` may replace the generic bridge (e.g. toNodeListener). */
export async function serve(
  handler: FetchHandler,
  listener?: (req: IncomingMessage, res: import('node:http').ServerResponse) => void
): Promise<TestServer> {
  let base = ''
  const server = createServer(
    listener ??
      (async (req, res) => {
        const controller = new AbortController()
        res.on('close', () => controller.abort())
        try {
          const response = await handler(toRequest(req, base))
          const headers: Record<string, string | string[]> = {}
          response.headers.forEach((value, name) => {
            if (name !== 'set-cookie') headers[name] = value
          })
          const cookies = response.headers.getSetCookie()
          if (cookies.length) headers['set-cookie'] = cookies
          res.writeHead(response.status, headers)
          if (!response.body) return void res.end()
          const reader = response.body.getReader()
          res.on('close', () => void reader.cancel(new Error('client closed')).catch(() => {}))
          for (;;) {
            const { done, value } = await reader.read()
            if (done) break
            if (!res.write(value)) await new Promise((r) => res.once('drain', r))
          }
          res.end()
        } catch {
          res.destroy()
        }
      })
  )
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url: base,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
