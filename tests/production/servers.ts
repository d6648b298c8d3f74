/**
 * Test helper: one fetch-style handler served through each Node-hosted adapter on 127.0.0.1
 * (port 0): `response-kit/node`, Express 5 and Hono on `@hono/node-server`.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { Hono } from 'hono'
import { createAdaptorServer } from '@hono/node-server'
import type { ErrorHandler } from '../../src/response'
import { toNodeListener } from '../../src/adapters/node'
import { toExpressHandler } from '../../src/adapters/express'
import { toHonoHandler } from '../../src/adapters/hono'

export type AdapterName = 'node' | 'express' | 'hono'
export const ADAPTERS: readonly AdapterName[] = ['node', 'express', 'hono']

export interface Served {
  url: string
  server: Server
  close(): Promise<void>
}

export interface ServeOptions {
  onError?: ErrorHandler
  stallTimeout?: number
  highWaterMark?: number
}

/** Serves `handler` through `adapter`; `close()` also cuts open connections. */
export async function serveWith(
  adapter: AdapterName,
  handler: (request: Request) => Response | Promise<Response>,
  options: ServeOptions = {}
): Promise<Served> {
  let server: Server
  if (adapter === 'node') server = createServer(toNodeListener(handler, options))
  else if (adapter === 'express') {
    const app = express()
    app.get('/{*path}', toExpressHandler(handler, options))
    server = createServer(app)
  } else {
    const app = new Hono()
    app.get('*', toHonoHandler(handler, options.onError ? { onError: options.onError } : {}))
    server = createAdaptorServer({ fetch: app.fetch }) as Server
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** Resolves after `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** A promise with its resolver, for "wait until the server saw it". */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}
