/**
 * A streaming producer that fails before its first chunk is a real error response on every
 * adapter: a 500 (or the `HTTPException`'s own status, headers and JSON), with or without
 * `primed()`. Nothing has been written when the failure happens, so the client must never see
 * an empty reply or a 200 that breaks.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import express4 from 'express4'
import type { ErrorRequestHandler } from 'express'
import { Hono } from 'hono'
import { getRequestListener } from '@hono/node-server'
import { Agent, fetch } from 'undici'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { toNodeListener } from '../../src/adapters/node'
import { toExpressHandler } from '../../src/adapters/express'
import { honoHandler } from '../../src/adapters/hono'
import { HTTPException } from '../../src/http-exception'
import { SSEResponse, StreamingResponse, type StreamingResponseInit } from '../../src/index'
import { HTTP_ADAPTERS, type AdapterName } from '../helpers/describe-adapters'

type Handler = (request: Request) => Response | Promise<Response>
type Listener = (
  req: import('node:http').IncomingMessage,
  res: import('node:http').ServerResponse
) => void

const agent = new Agent({ keepAliveTimeout: 10, pipelining: 0 })

/**
 * One server per adapter, every error sink (the adapter's `onError`, Express's error
 * middleware, Hono's `app.onError`) recording into `reports`, so a passing run prints nothing
 * and the test can tell how often the failure was reported.
 */
function listenerFor(
  name: AdapterName,
  handler: Handler,
  record: (error: unknown) => void
): Listener {
  const onError = record
  if (name === 'node') return toNodeListener(handler, { onError }) as Listener
  if (name === 'express' || name === 'express4') {
    const app = name === 'express' ? express() : express4()
    app.use(toExpressHandler(handler, { onError }))
    // Express answers 500 for an error passed to next(); this only records it first.
    const recordThenNext: ErrorRequestHandler = (error, _req, _res, next) => {
      record(error)
      next(error)
    }
    app.use(recordThenNext)
    return app as unknown as Listener
  }
  const app = new Hono()
  app.all('*', honoHandler(handler))
  app.onError((error, c) => {
    record(error)
    return c.json({ detail: 'Internal Server Error' }, 500)
  })
  return getRequestListener(app.fetch, { overrideGlobalObjects: false }) as unknown as Listener
}

/** A producer that throws `error` when first pulled, having yielded nothing. */
function failing(error: unknown) {
  const state = { finallyRan: false }
  // eslint-disable-next-line require-yield -- the point: it fails before yielding anything
  async function* producer(): AsyncGenerator<string> {
    try {
      await new Promise((resolve) => setTimeout(resolve, 1))
      throw error
    } finally {
      state.finallyRan = true
    }
  }
  return { producer, state }
}

/**
 * The classes, with the options each needs. An SSE `retry` line is the body's first chunk, but
 * not the producer's: it must not count as "something was written".
 */
const CLASSES = [
  ['StreamingResponse', StreamingResponse, {}],
  ['SSEResponse', SSEResponse, { ping: 0 }],
  ['SSEResponse with retry', SSEResponse, { ping: 0, retry: 1000 }],
] as const

describe.each(HTTP_ADAPTERS.map((name) => [name]))(
  'failure before the first byte [%s]',
  (name: AdapterName) => {
    // A fresh list per test: a report that arrives late belongs to the test that caused it.
    let reports: unknown[] = []
    let current: Handler = () => new Response('no handler', { status: 599 })
    let server: Server
    let url = ''

    beforeAll(async () => {
      server = createServer(
        listenerFor(
          name,
          (request) => current(request),
          (error) => reports.push(error)
        )
      )
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    })
    afterAll(async () => {
      server?.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    })
    beforeEach(() => {
      reports = []
    })

    /** Serves `handler` for one GET and returns what undici sees. */
    async function get(handler: Handler) {
      current = handler
      return fetch(url, { dispatcher: agent })
    }

    describe.each(CLASSES)('%s', (_label, Class, options) => {
      /** The response as the handler returns it: built directly, or awaited through primed(). */
      const modes = [
        [
          'new',
          (source: () => AsyncGenerator<string>, init: StreamingResponseInit) =>
            new Class(source(), init),
        ],
        [
          'primed()',
          (source: () => AsyncGenerator<string>, init: StreamingResponseInit) =>
            Class.primed(source(), init),
        ],
      ] as const

      describe.each(modes)('built with %s', (_mode, build) => {
        it('answers 500 when the producer throws an Error before yielding', async () => {
          const error = new Error('database is down')
          const { producer, state } = failing(error)
          const own = reports
          const init: StreamingResponseInit = { ...options, onError: (e) => void own.push(e) }
          const res = await get(() => build(producer, init))
          expect(res.status).toBe(500)
          expect(res.headers.get('content-type')).not.toMatch(/event-stream/)
          // The body is complete: reading it does not fail as a broken stream would.
          const body = await res.text()
          // Express answers next(err) with its own error page; the others with the generic JSON.
          if (name === 'node' || name === 'hono') {
            expect(JSON.parse(body)).toEqual({ detail: 'Internal Server Error' })
          }
          expect(state.finallyRan).toBe(true)
          expect(reports).toEqual([error])
        })

        it("answers an HTTPException's own status, headers and JSON", async () => {
          const error = new HTTPException(403, 'Not your stream', { 'x-why': 'owner' })
          const { producer, state } = failing(error)
          const own = reports
          const init: StreamingResponseInit = { ...options, onError: (e) => void own.push(e) }
          const res = await get(() => build(producer, init))
          expect(res.status).toBe(403)
          expect(res.headers.get('x-why')).toBe('owner')
          expect(await res.json()).toEqual({ detail: 'Not your stream' })
          expect(state.finallyRan).toBe(true)
          // An HTTPException is an answer, not a failure: nothing is reported.
          expect(reports).toEqual([])
        })
      })
    })
  }
)
