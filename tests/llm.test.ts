import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createParser } from 'eventsource-parser'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  fromOllama,
  fromOpenAIChat,
  fromOpenAIResponses,
  toSSE,
  toTextStream,
  type OpenAIChatChunk,
  type OpenAIResponsesEvent,
} from '../src/llm'
import { serve, type TestServer } from './helpers/serve'

const fixture = (name: string) => readFileSync(new URL(`./fixtures/llm/${name}`, import.meta.url))
const json = <T>(name: string) => JSON.parse(fixture(name).toString('utf8')) as T[]
const responsesEvents = json<OpenAIResponsesEvent>('openai-responses.json')
const responsesError = json<OpenAIResponsesEvent>('openai-responses-error.json')
const chatChunks = json<OpenAIChatChunk>('openai-chat.json')

async function* asAsync<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item
}
async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of source) out.push(item)
  return out
}
async function sseData(response: Response): Promise<unknown[]> {
  const seen: unknown[] = []
  const parser = createParser({ onEvent: (e) => seen.push(JSON.parse(e.data)) })
  parser.feed(await response.text())
  return seen
}

/** The bytes of `body`, split at every 7th byte: UTF-8 sequences and lines break across chunks. */
function* ragged(body: Buffer): Generator<Buffer> {
  for (let i = 0; i < body.length; i += 7) yield body.subarray(i, i + 7)
}

function streamOf(chunks: Iterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.iterator]()
  return new ReadableStream({
    pull(controller) {
      const { done, value } = iterator.next()
      if (done) controller.close()
      else controller.enqueue(value)
    },
  })
}

const responsesWire = (events: readonly OpenAIResponsesEvent[]) =>
  Buffer.from(events.map((e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`).join(''))
const chatWire = Buffer.from(
  chatChunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join('') + 'data: [DONE]\n\n'
)

describe('fromOpenAIResponses', () => {
  it('maps delta, completed and error events as the GenAI seed does', async () => {
    expect(await collect(fromOpenAIResponses(asAsync(responsesEvents)))).toEqual([
      { content: 'Hello' },
      { content: ', wörld' },
      { content: ' 🌍\nline two' },
      { done: true },
    ])
    expect(await collect(fromOpenAIResponses(asAsync(responsesError)))).toEqual([
      { content: 'Partial' },
      {
        error: {
          message: 'The server had an error while processing your request.',
          code: 'server_error',
        },
      },
    ])
  })

  it('reads the raw event stream of a Response split at arbitrary bytes', async () => {
    const body = streamOf(ragged(responsesWire(responsesEvents)))
    const messages = await collect(fromOpenAIResponses(new Response(body)))
    expect(messages.at(-1)).toEqual({ done: true })
    expect(messages).toHaveLength(4)
  })

  it('throws a TypeError for a source that is not a stream', async () => {
    await expect(fromOpenAIResponses(42 as never).next()).rejects.toThrow(TypeError)
  })
})

describe('fromOpenAIChat', () => {
  it('yields choices[0].delta.content, skipping empty, role-only and usage chunks', async () => {
    expect(await collect(fromOpenAIChat(asAsync(chatChunks)))).toEqual([
      'Streaming',
      ' tökens',
      '\r\nsecond line',
    ])
  })

  it('stops at [DONE] in a raw event stream', async () => {
    const wire = Buffer.concat([chatWire, Buffer.from('data: not json after done\n\n')])
    const tokens = await collect(fromOpenAIChat(streamOf(ragged(wire))))
    expect(tokens.join('')).toBe('Streaming tökens\r\nsecond line')
  })
})

describe('fromOllama', () => {
  it('yields /api/generate and /api/chat text and stops at done', async () => {
    const generate = await collect(
      fromOllama(asAsync([...ragged(fixture('ollama-generate.ndjson'))]))
    )
    expect(generate).toEqual(['The', ' sky', ' is blüe', '.'])
    const chat = await collect(fromOllama(new Response(fixture('ollama-chat.ndjson'))))
    expect(chat).toEqual(['Hi', ' there', ' 👋'])
  })

  it('throws on an error line, a non-JSON line and a non-2xx response', async () => {
    await expect(collect(fromOllama(new Response(fixture('ollama-error.ndjson'))))).rejects.toThrow(
      'Ollama error: model runner has unexpectedly stopped'
    )
    await expect(collect(fromOllama(asAsync(['oops\n'])))).rejects.toThrow(SyntaxError)
    const notFound = new Response('{"error":"model not found"}', { status: 404 })
    await expect(collect(fromOllama(notFound))).rejects.toThrow('Upstream answered 404')
  })
})

describe('toSSE', () => {
  it('sends content events then done, and an error event instead of a broken stream', async () => {
    expect(await sseData(toSSE(['a', 'b']))).toEqual([
      { content: 'a' },
      { content: 'b' },
      { done: true },
    ])
    const onError = vi.fn()
    async function* failing() {
      yield 'partial'
      throw new Error('secret upstream detail')
    }
    const events = await sseData(toSSE(failing(), { onError }))
    expect(events).toEqual([
      { content: 'partial' },
      { error: { message: 'upstream stream failed' } },
    ])
    expect(onError).toHaveBeenCalledWith(expect.any(Error), { phase: 'stream' })
  })
})

describe('toTextStream', () => {
  it('sends text/plain pieces and errors the body on an upstream error', async () => {
    const res = toTextStream(fromOpenAIResponses(asAsync(responsesEvents)))
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(await res.text()).toBe('Hello, wörld 🌍\nline two')
    const failing = toTextStream(fromOpenAIResponses(asAsync(responsesError)), {
      onError: () => {},
    })
    await expect(failing.text()).rejects.toThrow('Upstream error: The server had an error')
  })
})

describe('LLM bridges over HTTP', () => {
  let upstream: Server
  let upstreamUrl = ''
  let app: TestServer
  let endlessClosed: () => void = () => {}
  const upstreamClosed = new Promise<void>((resolve) => (endlessClosed = resolve))

  beforeAll(async () => {
    // A fake provider: streams the fixtures over HTTP in small ragged writes.
    upstream = createServer(async (req, res) => {
      const write = async (type: string, body: Buffer) => {
        res.writeHead(200, { 'content-type': type })
        for (const piece of ragged(body)) {
          res.write(piece)
          await new Promise((resolve) => setImmediate(resolve))
        }
        res.end()
      }
      if (req.url === '/v1/responses')
        return write('text/event-stream', responsesWire(responsesEvents))
      if (req.url === '/v1/chat/completions') return write('text/event-stream', chatWire)
      if (req.url === '/api/generate')
        return write('application/x-ndjson', fixture('ollama-generate.ndjson'))
      if (req.url === '/api/error')
        return write('application/x-ndjson', fixture('ollama-error.ndjson'))
      if (req.url === '/api/endless') {
        res.writeHead(200, { 'content-type': 'application/x-ndjson' })
        res.on('close', () => endlessClosed())
        const timer = setInterval(() => res.write('{"response":"tok","done":false}\n'), 5)
        res.on('close', () => clearInterval(timer))
        return
      }
      res.writeHead(404).end()
    })
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve))
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`
    app = await serve(async (request) => {
      const path = new URL(request.url).pathname
      const from = (p: string) => fetch(upstreamUrl + p, { method: 'POST' })
      if (path === '/responses') return toSSE(fromOpenAIResponses(await from('/v1/responses')))
      if (path === '/chat') return toTextStream(fromOpenAIChat(await from('/v1/chat/completions')))
      if (path === '/ollama') return toSSE(fromOllama(await from('/api/generate')))
      if (path === '/ollama-error') {
        return toTextStream(fromOllama(await from('/api/error')), { onError: () => {} })
      }
      return toSSE(fromOllama(await from('/api/endless')))
    })
  })
  afterAll(async () => {
    await app.close()
    upstream.closeAllConnections()
    await new Promise((resolve) => upstream.close(resolve))
  })

  it('relays OpenAI Responses events as SSE', async () => {
    const res = await fetch(`${app.url}/responses`)
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    expect(await sseData(res)).toEqual([
      { content: 'Hello' },
      { content: ', wörld' },
      { content: ' 🌍\nline two' },
      { done: true },
    ])
  })

  it('relays Chat Completions tokens as plain text', async () => {
    expect(await (await fetch(`${app.url}/chat`)).text()).toBe('Streaming tökens\r\nsecond line')
  })

  it('relays Ollama tokens as SSE', async () => {
    const events = await sseData(await fetch(`${app.url}/ollama`))
    expect(events).toEqual([
      { content: 'The' },
      { content: ' sky' },
      { content: ' is blüe' },
      { content: '.' },
      { done: true },
    ])
  })

  it('breaks the plain-text response when Ollama reports an error', async () => {
    await expect(fetch(`${app.url}/ollama-error`).then((r) => r.text())).rejects.toThrow()
  })

  it('closes the upstream request when the client leaves', async () => {
    const controller = new AbortController()
    const res = await fetch(`${app.url}/endless`, { signal: controller.signal })
    const reader = res.body!.getReader()
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('"content":"tok"')
    controller.abort()
    await upstreamClosed
  })
})
