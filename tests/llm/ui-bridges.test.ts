import { Ollama } from 'ollama'
import OpenAI from 'openai'
import { parseJsonEventStream, uiMessageChunkSchema } from 'ai'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { toNodeListener } from '../../src/adapters/node'
import {
  fromOllama,
  uiChunksFromOllama,
  uiChunksFromOpenAIChat,
  uiChunksFromOpenAIResponses,
  UIMessageStreamResponse,
  type OllamaChunk,
  type OpenAIChatChunk,
  type OpenAIResponsesEvent,
  type UIMessageChunkSource,
  type UIMessageStreamResponseInit,
} from '../../src/llm'
import { serve, type TestServer } from '../helpers/serve'
import {
  assemble,
  chatTurn,
  endless,
  fixed,
  fixtureJSON,
  fixtureText,
  ndjsonLines,
  sseBody,
  startFakeModel,
  type Assembled,
  type FakeModel,
  asAsync,
  iterate,
} from './helpers'

const responsesEvents = fixtureJSON<OpenAIResponsesEvent>('ui/openai-responses-tools.json')
const responsesError = fixtureJSON<OpenAIResponsesEvent>('openai-responses-error.json')
const chatChunks = fixtureJSON<OpenAIChatChunk>('ui/openai-chat-tools.json')
const ollamaChat = fixtureText('ui/ollama-chat-tools.ndjson')
const ollamaGenerate = fixtureText('ui/ollama-generate-think.ndjson')

// What each fixture sends, worked out from the fixture itself rather than from the bridge.
const join = (pieces: (string | null | undefined)[]) => pieces.filter(Boolean).join('')
const responsesExpected: Assembled = {
  text: join(
    responsesEvents.filter((e) => e.type === 'response.output_text.delta').map((e) => e.delta)
  ),
  reasoning: join(
    responsesEvents
      .filter((e) => e.type.startsWith('response.reasoning_summary_text.delta'))
      .map((e) => e.delta)
  ),
  tools: [
    {
      toolCallId: 'call_weather01',
      toolName: 'get_weather',
      state: 'input-available',
      input: JSON.parse(
        responsesEvents.find((e) => e.type === 'response.function_call_arguments.done')!.arguments!
      ) as unknown,
    },
  ],
}
const chatDeltas = chatChunks.map((c) => c.choices[0]?.delta)
const chatArgs = (index: number) =>
  JSON.parse(
    join(
      chatDeltas
        .flatMap((d) => d?.tool_calls ?? [])
        .filter((t) => t.index === index)
        .map((t) => t.function?.arguments)
    )
  ) as unknown
const chatExpected: Assembled = {
  text: join(chatDeltas.map((d) => d?.content)),
  reasoning: join(chatDeltas.map((d) => d?.reasoning_content)),
  tools: [
    {
      toolCallId: 'call_tokyo',
      toolName: 'get_weather',
      state: 'input-available',
      input: chatArgs(0),
    },
    {
      toolCallId: 'call_paris',
      toolName: 'get_time',
      state: 'input-available',
      input: chatArgs(1),
    },
  ],
}
const chatLines = ndjsonLines<OllamaChunk>('ui/ollama-chat-tools.ndjson')
const ollamaChatExpected: Assembled = {
  text: join(chatLines.map((l) => l.message?.content)),
  reasoning: join(chatLines.map((l) => l.message?.thinking)),
  tools: [
    {
      toolCallId: 'call-0',
      toolName: 'get_weather',
      state: 'input-available',
      input: { city: 'Zürich', days: 3 },
    },
  ],
}
const generateLines = ndjsonLines<OllamaChunk>('ui/ollama-generate-think.ndjson')
const ollamaGenerateExpected: Assembled = {
  text: join(generateLines.map((l) => l.response)),
  reasoning: join(generateLines.map((l) => l.thinking)),
  tools: [],
}

const NDJSON = 'application/x-ndjson'
const SSE = 'text/event-stream'

let fake: FakeModel
let server: TestServer
let handle: (request: Request) => Response | Promise<Response>
const onError = vi.fn()
const openai = () => new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: 'test-key', maxRetries: 0 })
const ollama = () => new Ollama({ host: fake.url })
const ui = (source: UIMessageChunkSource, init: UIMessageStreamResponseInit = {}) =>
  new UIMessageStreamResponse(source, { onError, ...init })

beforeAll(async () => {
  fake = await startFakeModel({
    '/v1/responses': fixed(SSE, sseBody(responsesEvents)),
    '/v1/responses-error': fixed(SSE, sseBody(responsesError)),
    '/v1/chat/completions': fixed(SSE, sseBody(chatChunks, true)),
    '/api/chat': fixed(NDJSON, ollamaChat),
    '/api/generate': fixed(NDJSON, ollamaGenerate),
    '/slow/v1/responses': endless(
      SSE,
      sseBody(responsesEvents.slice(0, 3)),
      sseBody([
        { type: 'response.output_text.delta', item_id: 'msg', content_index: 0, delta: 'la ' },
      ])
    ),
    '/slow/v1/chat/completions': endless(
      SSE,
      '',
      sseBody([{ choices: [{ delta: { content: 'la ' } }] }])
    ),
    '/slow/api/chat': endless(
      NDJSON,
      '',
      JSON.stringify({ message: { content: 'la ' }, done: false }) + '\n'
    ),
  })
  const listener = toNodeListener((request) => handle(request), { onError })
  server = await serve((request) => handle(request), listener)
})
afterAll(async () => {
  await server?.close()
  await fake?.close()
})
afterEach(() => {
  onError.mockClear()
})

/** Runs one chat turn against our server, answering with `respond`. */
async function turn(respond: typeof handle) {
  handle = respond
  return chatTurn(`${server.url}/api/chat`)
}

/** Reads our response's first bytes, then leaves; resolves with ms until the upstream closed. */
async function leaveEarly(respond: typeof handle): Promise<number> {
  handle = respond
  const cancelled = fake.nextCancel()
  const response = await fetch(`${server.url}/api/chat`, { method: 'POST', body: '{}' })
  const reader = response.body!.getReader()
  let seen = ''
  const decoder = new TextDecoder()
  while (!seen.includes('text-delta')) seen += decoder.decode((await reader.read()).value)
  const left = Date.now()
  await reader.cancel()
  return (await cancelled) - left
}

describe('uiChunksFromOpenAIResponses', () => {
  it('sends start, parts, tool input and finish chunks the client schema accepts', async () => {
    handle = () => ui(uiChunksFromOpenAIResponses(asAsync(responsesEvents)))
    const response = await fetch(`${server.url}/api/chat`, { method: 'POST' })
    const types: string[] = []
    const stream = parseJsonEventStream({ stream: response.body!, schema: uiMessageChunkSchema })
    for await (const parsed of iterate(stream)) {
      if (!parsed.success) throw parsed.error
      types.push(parsed.value.type)
    }
    expect(types).toEqual([
      'start',
      'start-step',
      'reasoning-start',
      'reasoning-delta',
      'reasoning-delta',
      'reasoning-end',
      'text-start',
      'text-delta',
      'text-delta',
      'text-end',
      'tool-input-start',
      'tool-input-delta',
      'tool-input-delta',
      'tool-input-delta',
      'tool-input-available',
      'finish-step',
      'finish',
    ])
  })

  it('assembles the recorded text, reasoning and tool call in the AI SDK client', async () => {
    const { message, errors } = await turn(() =>
      ui(uiChunksFromOpenAIResponses(asAsync(responsesEvents)))
    )
    expect(errors).toEqual([])
    expect(assemble(message)).toEqual(responsesExpected)
  })

  it('reads the raw text/event-stream of a fetch', async () => {
    const { message, errors } = await turn(async () =>
      ui(uiChunksFromOpenAIResponses(await fetch(`${fake.url}/v1/responses`, { method: 'POST' })))
    )
    expect(errors).toEqual([])
    expect(assemble(message)).toEqual(responsesExpected)
  })

  it('assembles what the openai SDK reads from a fake server', async () => {
    const { message, errors } = await turn(async () =>
      ui(
        uiChunksFromOpenAIResponses(
          await openai().responses.create({ model: 'm', input: 'Hi', stream: true })
        )
      )
    )
    expect(errors).toEqual([])
    expect(assemble(message)).toEqual(responsesExpected)
  })

  it('sends a generic error chunk for an upstream error and reports the cause', async () => {
    const { message, errors } = await turn(() =>
      ui(uiChunksFromOpenAIResponses(asAsync(responsesError)))
    )
    expect(errors.map((e) => e.message)).toEqual(['An error occurred.'])
    const failedAt = responsesError.findIndex(
      (e) => e.type === 'error' || e.type === 'response.failed'
    )
    expect(assemble(message).text).toBe(join(responsesError.slice(0, failedAt).map((e) => e.delta)))
    expect(onError).toHaveBeenCalledOnce()
    expect(onError.mock.calls[0]![0]).toMatchObject({ name: 'UpstreamError' })
  })

  it('sends the upstream message when errorText opts in to details', async () => {
    const { errors } = await turn(() =>
      ui(uiChunksFromOpenAIResponses(asAsync(responsesError)), {
        errorText: (e) => (e as Error).message,
      })
    )
    const upstream = responsesError.find((e) => e.type === 'error' || e.type === 'response.failed')!
    expect(errors.map((e) => e.message)).toEqual([
      upstream.message ?? upstream.response?.error?.message,
    ])
  })

  it('sends an error chunk when the stream ends before response.completed', async () => {
    const { errors } = await turn(() =>
      ui(uiChunksFromOpenAIResponses(asAsync(responsesEvents.slice(0, -1))))
    )
    expect(errors.map((e) => e.message)).toEqual(['An error occurred.'])
    expect(String(onError.mock.calls[0]![0])).toContain('before response.completed')
  })

  it('cancels the SDK request within 1 s when the client leaves', async () => {
    const ms = await leaveEarly(async () => {
      const sdk = new OpenAI({ baseURL: `${fake.url}/slow/v1`, apiKey: 'k', maxRetries: 0 })
      return ui(
        uiChunksFromOpenAIResponses(
          await sdk.responses.create({ model: 'm', input: 'Hi', stream: true })
        )
      )
    })
    expect(ms).toBeLessThan(1000)
    expect(onError).not.toHaveBeenCalled()
  })
})

describe('uiChunksFromOpenAIChat', () => {
  it('assembles the recorded text, reasoning and tool_calls in the AI SDK client', async () => {
    const { message, errors } = await turn(() => ui(uiChunksFromOpenAIChat(asAsync(chatChunks))))
    expect(errors).toEqual([])
    expect(assemble(message)).toEqual(chatExpected)
  })

  it('assembles what the openai SDK reads from a fake server', async () => {
    const { message, errors } = await turn(async () =>
      ui(
        uiChunksFromOpenAIChat(
          await openai().chat.completions.create({
            model: 'm',
            messages: [{ role: 'user', content: 'Hi' }],
            stream: true,
          })
        )
      )
    )
    expect(errors).toEqual([])
    expect(assemble(message)).toEqual(chatExpected)
  })

  it('reads the raw text/event-stream of a fetch, up to [DONE]', async () => {
    const { message, errors } = await turn(async () =>
      ui(uiChunksFromOpenAIChat(await fetch(`${fake.url}/v1/chat/completions`, { method: 'POST' })))
    )
    expect(errors).toEqual([])
    expect(assemble(message)).toEqual(chatExpected)
  })

  it('marks arguments that are not JSON as a tool input error', async () => {
    const broken: OpenAIChatChunk[] = [
      {
        choices: [
          {
            delta: {
              tool_calls: [{ index: 0, id: 'c1', function: { name: 'f', arguments: '{"a":' } }],
            },
          },
        ],
      },
      { choices: [{ delta: {}, finish_reason: 'tool_calls' }] },
    ]
    const { message, errors } = await turn(() => ui(uiChunksFromOpenAIChat(asAsync(broken))))
    expect(errors).toEqual([])
    expect(assemble(message).tools).toEqual([
      { toolCallId: 'c1', toolName: 'f', state: 'output-error', input: undefined },
    ])
  })

  it('sends an error chunk for a mid-stream error object and for a stream without finish_reason', async () => {
    const failing = [
      chatChunks[2]!,
      { choices: [], error: { message: 'overloaded' } },
    ] as OpenAIChatChunk[]
    expect(
      (await turn(() => ui(uiChunksFromOpenAIChat(asAsync(failing))))).errors.map((e) => e.message)
    ).toEqual(['An error occurred.'])
    expect(
      (await turn(() => ui(uiChunksFromOpenAIChat(asAsync(chatChunks.slice(0, 4)))))).errors
    ).toHaveLength(1)
    expect(onError).toHaveBeenCalledTimes(2)
  })

  it('cancels the SDK request within 1 s when the client leaves', async () => {
    const ms = await leaveEarly(async () => {
      const sdk = new OpenAI({ baseURL: `${fake.url}/slow/v1`, apiKey: 'k', maxRetries: 0 })
      const stream = await sdk.chat.completions.create({ model: 'm', messages: [], stream: true })
      return ui(uiChunksFromOpenAIChat(stream))
    })
    expect(ms).toBeLessThan(1000)
  })
})

describe('uiChunksFromOllama', () => {
  it('assembles recorded /api/chat thinking, text and tool calls in the AI SDK client', async () => {
    const { message, errors } = await turn(async () =>
      ui(uiChunksFromOllama(await fetch(`${fake.url}/api/chat`, { method: 'POST' })))
    )
    expect(errors).toEqual([])
    expect(assemble(message)).toEqual(ollamaChatExpected)
  })

  it('assembles recorded /api/generate thinking and text', async () => {
    const { message, errors } = await turn(async () =>
      ui(uiChunksFromOllama(await fetch(`${fake.url}/api/generate`, { method: 'POST' })))
    )
    expect(errors).toEqual([])
    expect(assemble(message)).toEqual(ollamaGenerateExpected)
  })

  it('maps done_reason to the finish reason', async () => {
    handle = async () =>
      ui(uiChunksFromOllama(await fetch(`${fake.url}/api/generate`, { method: 'POST' })))
    const body = await (await fetch(`${server.url}/api/chat`, { method: 'POST' })).text()
    expect(body).toContain('data: {"type":"finish","finishReason":"length"}\n\n')
    expect(body.endsWith('data: [DONE]\n\n')).toBe(true)
  })

  it('assembles what the ollama client reads from a fake server (chat and generate)', async () => {
    const chat = await turn(async () =>
      ui(uiChunksFromOllama(await ollama().chat({ model: 'm', messages: [], stream: true })))
    )
    expect(chat.errors).toEqual([])
    expect(assemble(chat.message)).toEqual(ollamaChatExpected)
    const generate = await turn(async () =>
      ui(uiChunksFromOllama(await ollama().generate({ model: 'm', prompt: 'Hi', stream: true })))
    )
    expect(generate.errors).toEqual([])
    expect(assemble(generate.message)).toEqual(ollamaGenerateExpected)
  })

  it('sends a generic error chunk for an error line', async () => {
    const lines = `${JSON.stringify({ message: { content: 'a' }, done: false })}\n{"error":"model crashed"}\n`
    const { message, errors } = await turn(() => ui(uiChunksFromOllama(asAsync([lines]))))
    expect(errors.map((e) => e.message)).toEqual(['An error occurred.'])
    expect(assemble(message).text).toBe('a')
    expect(String(onError.mock.calls[0]![0])).toContain('model crashed')
  })

  it('aborts the ollama client request within 1 s when the client leaves', async () => {
    const ms = await leaveEarly(async () => {
      const client = new Ollama({ host: `${fake.url}/slow` })
      return ui(uiChunksFromOllama(await client.chat({ model: 'm', messages: [], stream: true })))
    })
    expect(ms).toBeLessThan(1000)
  })
})

describe('fromOllama', () => {
  it('reads the ollama client stream and aborts its request when the reader leaves early', async () => {
    const cancelled = fake.nextCancel()
    const client = new Ollama({ host: `${fake.url}/slow` })
    const stream = await client.chat({ model: 'm', messages: [], stream: true })
    const abort = vi.spyOn(stream, 'abort')
    for await (const text of fromOllama(stream)) {
      expect(text).toBe('la ')
      break
    }
    expect(abort).toHaveBeenCalledOnce()
    await cancelled
  })

  it('reads the whole ollama client stream without aborting it', async () => {
    const stream = await ollama().chat({ model: 'm', messages: [], stream: true })
    const abort = vi.spyOn(stream, 'abort')
    const texts: string[] = []
    for await (const text of fromOllama(stream)) texts.push(text)
    expect(texts.join('')).toBe(ollamaChatExpected.text)
    expect(abort).not.toHaveBeenCalled()
  })
})
