/**
 * h3-style adapter matrix: `describeAdapters(title, fn)` runs the same suite directly (the
 * handler's response, after `prepare`, read in process) and through response-kit/node,
 * response-kit/express (Express 5 and 4) and response-kit/hono (under @hono/node-server, no
 * global override) over real HTTP on 127.0.0.1 with undici. Each adapter gets one server per
 * suite; `t.fetch(handler, path, init)` registers the handler under a unique id sent in a
 * header, so handlers never leak between tests.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import express4 from 'express4'
import { Hono } from 'hono'
import { getRequestListener } from '@hono/node-server'
import { fetch as undiciFetch, Agent } from 'undici'
import { afterAll, beforeAll, describe } from 'vitest'
import { toNodeListener } from '../../src/adapters/node'
import { toExpressHandler } from '../../src/adapters/express'
import { toHonoHandler } from '../../src/adapters/hono'
import { errorToResponse } from '../../src/internal/core/error-response'

export type AdapterName = 'direct' | 'node' | 'express' | 'express4' | 'hono'
export const ALL_ADAPTERS: readonly AdapterName[] = [
  'direct',
  'node',
  'express',
  'express4',
  'hono',
]
export const HTTP_ADAPTERS: readonly AdapterName[] = ['node', 'express', 'express4', 'hono']

export type TestHandler = (request: Request) => Response | Promise<Response>

export interface AdapterContext {
  /** Which adapter this run goes through. */
  readonly name: AdapterName
  /** Base URL of the running server ('' for direct). */
  readonly url: string
  /** Serves `handler` for one request and returns what the client sees. */
  fetch(handler: TestHandler, path?: string, init?: RequestInit): Promise<Response>
}

const HANDLER_HEADER = 'x-rk-test-handler'

/** A keep-alive-free agent: each test's connections end with it. */
const agent = new Agent({ keepAliveTimeout: 10, pipelining: 0 })

type Listener = (
  req: import('node:http').IncomingMessage,
  res: import('node:http').ServerResponse
) => void

function listenerFor(name: AdapterName, dispatch: TestHandler): Listener {
  if (name === 'node') return toNodeListener(dispatch) as Listener
  if (name === 'express' || name === 'express4') {
    const app = name === 'express' ? express() : express4()
    app.use(toExpressHandler(dispatch))
    return app as unknown as Listener
  }
  const app = new Hono()
  app.all('*', toHonoHandler(dispatch))
  return getRequestListener(app.fetch, { overrideGlobalObjects: false }) as unknown as Listener
}

/** Runs `fn` once per adapter in `adapters`, inside `describe('<title> [<adapter>]')`. */
export function describeAdapters(
  title: string,
  fn: (t: AdapterContext) => void,
  adapters: readonly AdapterName[] = ALL_ADAPTERS
): void {
  for (const name of adapters) {
    describe(`${title} [${name}]`, () => {
      const handlers = new Map<string, TestHandler>()
      let server: Server | undefined
      let url = ''
      let next = 0
      const dispatch: TestHandler = (request) => {
        const id = request.headers.get(HANDLER_HEADER) ?? ''
        const handler = handlers.get(id)
        if (handler === undefined) return new Response('no handler', { status: 599 })
        return handler(request)
      }
      if (name !== 'direct') {
        beforeAll(async () => {
          server = createServer(listenerFor(name, dispatch))
          await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
          url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
        })
        afterAll(async () => {
          server!.closeAllConnections()
          await new Promise<void>((resolve) => server!.close(() => resolve()))
        })
      }
      const t: AdapterContext = {
        name,
        get url() {
          return url
        },
        async fetch(handler, path = '/', init = {}) {
          if (name === 'direct') {
            // What an adapter does, in process: prepare, and a thrown error as its response.
            const request = new Request(new URL(path, 'http://127.0.0.1'), init)
            try {
              const response = await handler(request)
              const prepare = (
                response as { prepare?: (r: Request) => Response | Promise<Response> }
              ).prepare
              return await (typeof prepare === 'function'
                ? prepare.call(response, request)
                : response)
            } catch (error) {
              return errorToResponse(error, () => {})
            }
          }
          const id = String(next++)
          handlers.set(id, handler)
          const headers = new Headers(init.headers)
          headers.set(HANDLER_HEADER, id)
          const response = await undiciFetch(new URL(path, url), {
            ...(init as object),
            headers: [...headers],
            dispatcher: agent,
          })
          return response as unknown as Response
        },
      }
      fn(t)
    })
  }
}
