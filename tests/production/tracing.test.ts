import diagnostics from 'node:diagnostics_channel'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base'
import { JSONResponse, SSEResponse, StreamingResponse } from '../../src/index'
import { FileResponse } from '../../src/file'
import { diagnosticsChannels, type ResponseTrace } from '../../src/adapters/node'
import { instrumentResponses } from '../../src/otel'
import { deferred, serveWith, sleep, type Served } from './servers'

const NAMES = Object.entries(diagnosticsChannels) as [string, string][]
const dir = mkdtempSync(join(tmpdir(), 'rk-trace-'))
const FILE = join(dir, 'ten.txt')
writeFileSync(FILE, '0123456789')

let events: [string, ResponseTrace][] = []
const listeners = NAMES.map(([event, name]) => {
  const listener = (message: unknown) => events.push([event, message as ResponseTrace])
  return [name, listener] as const
})

let server: Served
const onError = vi.fn()
/** Holds `/slow`'s last chunk until the test has read its first one. */
let releaseLast = deferred<void>()
const HOLD_MS = 150

beforeAll(async () => {
  server = await serveWith(
    'node',
    (request) => {
      const path = new URL(request.url).pathname
      if (path === '/json') return new JSONResponse({ ok: true })
      if (path === '/file') return new FileResponse(FILE)
      if (path === '/sse') return new SSEResponse(['a', 'b', 'c'])
      if (path === '/slow') {
        return new StreamingResponse(
          (async function* () {
            yield 'first '
            await releaseLast.promise
            yield 'last'
          })()
        )
      }
      if (path === '/fail') {
        return new StreamingResponse(
          (async function* () {
            yield 'x'
            await sleep(5)
            throw new Error('mid-stream')
          })()
        )
      }
      throw new Error('handler failed')
    },
    { onError }
  )
})
afterAll(() => server.close())
afterEach(() => {
  events = []
})

describe('diagnostics channels', () => {
  beforeAll(() => listeners.forEach(([name, l]) => diagnostics.subscribe(name, l)))
  afterAll(() => listeners.forEach(([name, l]) => diagnostics.unsubscribe(name, l)))

  async function trace(path: string): Promise<string[]> {
    const response = await fetch(server.url + path)
    await response.text().catch(() => {})
    // The server's 'end' may come after the client has the whole body.
    await expect.poll(() => events.map(([event]) => event)).toContain('end')
    const traces = new Set(events.map(([, t]) => t))
    expect(traces.size).toBe(1)
    return events.map(([event]) => event)
  }

  it('a fixed body: start, head, first byte, end, once each', async () => {
    expect(await trace('/json')).toEqual(['start', 'head', 'firstByte', 'end'])
    const t = events[0]![1]
    expect(t).toMatchObject({ status: 200, bytes: 11, chunks: 1, reason: 'end' })
    expect(t.duration).toBeGreaterThanOrEqual(0)
  })

  it('a stream: bytes and events counted, reason end', async () => {
    expect(await trace('/sse')).toEqual(['start', 'head', 'firstByte', 'end'])
    expect(events[0]![1]).toMatchObject({ status: 200, chunks: 3, reason: 'end' })
    expect(events[0]![1].bytes).toBe('data: a\n\n'.length * 3)
  })

  it('a file', async () => {
    expect(await trace('/file')).toEqual(['start', 'head', 'firstByte', 'end'])
    expect(events[0]![1]).toMatchObject({ status: 200, bytes: 10, reason: 'end' })
  })

  it('a mid-stream failure: error before end, reason error', async () => {
    expect(await trace('/fail')).toEqual(['start', 'head', 'firstByte', 'error', 'end'])
    expect(events[0]![1]).toMatchObject({ reason: 'error', bytes: 1 })
    expect((events[0]![1].error as Error).message).toBe('mid-stream')
  })

  it('a handler failure: the 500 is traced', async () => {
    expect(await trace('/throw')).toEqual(['start', 'head', 'firstByte', 'end'])
    expect(events[0]![1]).toMatchObject({ status: 500, reason: 'end' })
  })
})

describe('response-kit/otel', () => {
  it('records one span per response, ended after the last byte, with the attributes', async () => {
    const exporter = new InMemorySpanExporter()
    const provider = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    })
    const stop = instrumentResponses({ tracer: provider.getTracer('test') })
    try {
      const sse = await fetch(server.url + '/sse')
      const text = await sse.text()
      const received = performance.timeOrigin + performance.now()
      const json = await fetch(server.url + '/json')
      await json.text()
      const failed = await fetch(server.url + '/fail')
      await failed.text().catch(() => {})
      await expect.poll(() => exporter.getFinishedSpans()).toHaveLength(3)
      const spans = exporter.getFinishedSpans()
      const [sseSpan, jsonSpan, failSpan] = spans
      expect(text).toBe('data: a\n\ndata: b\n\ndata: c\n\n')
      expect(sseSpan!.attributes).toMatchObject({
        'http.request.method': 'GET',
        'url.full': server.url + '/sse',
        'http.response.status_code': 200,
        'response_kit.bytes': 27,
        'response_kit.chunks': 3,
        'response_kit.close_reason': 'end',
      })
      expect(sseSpan!.attributes['response_kit.time_to_first_byte_ms']).toBeGreaterThanOrEqual(0)
      // The span ends with the body (its 'finish'), which on a loaded machine may come a few
      // ms after the client has read it, but not with the kept-alive connection's close.
      const [s, ns] = sseSpan!.endTime
      expect(s * 1000 + ns / 1e6).toBeLessThan(received + 1000)
      expect(jsonSpan!.attributes['response_kit.bytes']).toBe(11)
      expect(failSpan!.attributes['response_kit.close_reason']).toBe('error')
      expect(failSpan!.status.code).toBe(2)
      expect(failSpan!.events[0]!.name).toBe('exception')
    } finally {
      stop()
      await provider.shutdown()
    }
  })

  it('the span lasts as long as the stream, not as long as the handler', async () => {
    const exporter = new InMemorySpanExporter()
    const provider = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    })
    const stop = instrumentResponses({ tracer: provider.getTracer('test') })
    try {
      releaseLast = deferred<void>()
      const asked = performance.now()
      const response = await fetch(server.url + '/slow')
      const reader = response.body!.getReader()
      const decoder = new TextDecoder()
      let text = ''
      while (!text.includes('first ')) text += decoder.decode((await reader.read()).value)
      const seenFirst = performance.now()
      // The stream stays open for HOLD_MS after its first byte; its span must too.
      await sleep(HOLD_MS)
      releaseLast.resolve()
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        text += decoder.decode(r.value)
      }
      expect(text).toBe('first last')
      await expect.poll(() => exporter.getFinishedSpans()).toHaveLength(1)
      const [span] = exporter.getFinishedSpans()
      const [s, ns] = span!.duration
      // 1 ms for the span clock's rounding of its start.
      expect(s * 1000 + ns / 1e6).toBeGreaterThanOrEqual(HOLD_MS - 1)
      // The handler ran after the request was sent; its first byte was out before we saw it.
      expect(span!.attributes['response_kit.time_to_first_byte_ms']).toBeLessThanOrEqual(
        seenFirst - asked
      )
      expect(span!.attributes['response_kit.chunks']).toBe(2)
    } finally {
      stop()
      await provider.shutdown()
    }
  })

  it('rejects a tracer that is not one', () => {
    expect(() => instrumentResponses({ tracer: {} as never })).toThrow(TypeError)
  })
})
