/**
 * Resumable chats over real HTTP (toNodeListener on 127.0.0.1), with the memory store and a
 * real Redis: a POST streams a fake model's answer, the client is cut mid-answer, and the
 * `ai` package's own client resumes it with `GET /api/chat/:id/stream`.
 */
import { createClient } from 'redis'
import {
  DefaultChatTransport,
  parseJsonEventStream,
  readUIMessageStream,
  uiMessageChunkSchema,
  type UIMessage,
  type UIMessageChunk as AIChunk,
} from 'ai'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { toNodeListener } from '../../src/adapters/node'
import { resumableUIMessageStream, resumeUIMessageStream, type UIMessageChunk } from '../../src/llm'
import {
  cancelStream,
  createMemoryStore,
  createRedisStore,
  type StreamStore,
} from '../../src/streams'
import { startRedis, type RedisServer } from '../helpers/redis'
import { serve, type TestServer } from '../helpers/serve'
import { assemble } from './helpers'

const DELTAS = ['Once ', 'upon ', 'a tïme ', '🦜 ', 'there ', 'was ', 'a ', 'parrot', '.']
const ANSWER = DELTAS.join('')
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Gates that hold a fake model after its first delta until the test has its resume answered,
 * so that the resume surely finds the answer in progress, however slow the machine is.
 */
const released = new Set<string>()
const waiting = new Map<string, () => void>()
function gate(chatId: string, signal: AbortSignal): Promise<void> {
  if (released.has(chatId)) return Promise.resolve()
  return new Promise((resolve) => {
    waiting.set(chatId, resolve)
    signal.addEventListener('abort', () => resolve(), { once: true })
  })
}
function release(chatId: string): void {
  released.add(chatId)
  waiting.get(chatId)?.()
}

/**
 * A fake model: the answer delta by delta, held after the first until `release`; `fail-…`
 * chats throw after three deltas; `hang-…` chats are never released, so only a stop ends them.
 */
async function* fakeModel(chatId: string, signal: AbortSignal): AsyncGenerator<UIMessageChunk> {
  yield { type: 'start' }
  yield { type: 'start-step' }
  yield { type: 'text-start', id: 't1' }
  for (const [i, delta] of DELTAS.entries()) {
    if (i === 1) await gate(chatId, signal)
    await sleep(10)
    if (signal.aborted) return
    if (chatId.startsWith('fail-') && i === 3) throw new Error('model exploded: key sk-secret')
    yield { type: 'text-delta', id: 't1', delta }
  }
  yield { type: 'text-end', id: 't1' }
  yield { type: 'finish-step' }
  yield { type: 'finish', finishReason: 'stop' }
}

/** The app: each POST starts a generation with a fresh stream id, saved as the chat's active one. */
function app(store: StreamStore, onError: (error: unknown) => void) {
  const active = new Map<string, string>()
  let turns = 0
  return async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname
    const resume = /^\/api\/chat\/([^/]+)\/stream$/.exec(path)
    if (request.method === 'GET' && resume) {
      const id = active.get(decodeURIComponent(resume[1]!))
      if (id === undefined) return new Response(null, { status: 204 })
      return resumeUIMessageStream({ id, store, init: { onError } })
    }
    const stop = /^\/api\/chat\/([^/]+)\/stop$/.exec(path)
    if (request.method === 'POST' && stop) {
      const id = active.get(decodeURIComponent(stop[1]!))
      if (id !== undefined) await cancelStream({ id, store })
      return new Response(null, { status: 204 })
    }
    const { id: chatId } = (await request.json()) as { id: string }
    const id = `${chatId}:${++turns}`
    active.set(chatId, id)
    return resumableUIMessageStream({
      id,
      store,
      producer: (signal) => fakeModel(chatId, signal),
      init: { onError },
    })
  }
}

const USER: UIMessage = { id: 'u1', role: 'user', parts: [{ type: 'text', text: 'A story?' }] }

/** Sends a chat turn with the AI SDK's transport and leaves after the first text delta. */
async function postAndLeave(api: string, chatId: string): Promise<string> {
  const controller = new AbortController()
  const stream = await new DefaultChatTransport({ api }).sendMessages({
    chatId,
    messages: [USER],
    trigger: 'submit-message',
    messageId: undefined,
    abortSignal: controller.signal,
  })
  const reader = stream.getReader()
  let seen = ''
  for (;;) {
    const { value } = await reader.read()
    if (value?.type === 'text-delta') {
      seen += value.delta
      break
    }
  }
  controller.abort()
  await reader.cancel().catch(() => {})
  return seen
}

/** Resumes with the AI SDK's own reconnect; `undefined` when the server answered 204. */
async function resume(api: string, chatId: string) {
  const stream = await new DefaultChatTransport({ api }).reconnectToStream({ chatId })
  release(chatId)
  if (stream === null) return undefined
  const errors: Error[] = []
  let message: UIMessage | undefined
  for await (const snapshot of readUIMessageStream({
    stream,
    onError: (error) => errors.push(error as Error),
  })) {
    message = snapshot
  }
  return { text: assemble(message).text, errors }
}

/** The resumed body parsed by the `ai` package's own schema: chunks, rejections, last frame. */
async function resumeRaw(base: string, chatId: string) {
  const response = await fetch(`${base}/api/chat/${chatId}/stream`)
  release(chatId)
  return readRaw(response)
}

async function readRaw(response: Response) {
  expect(response.status).toBe(200)
  expect(response.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1')
  const [forParser, forText] = response.body!.tee()
  const chunks: AIChunk[] = []
  const rejected: unknown[] = []
  const reader = parseJsonEventStream({
    stream: forParser,
    schema: uiMessageChunkSchema,
  }).getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    if (value.success) chunks.push(value.value)
    else rejected.push(value.error)
  }
  const text = await new Response(forText).text()
  return { chunks, rejected, text }
}

/** Waits until the chat's stream has finished: its resume answers 204. */
async function untilFinished(base: string, chatId: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const response = await fetch(`${base}/api/chat/${chatId}/stream`)
    await response.body?.cancel()
    if (response.status === 204) return
    await sleep(25)
  }
  throw new Error(`${chatId} did not finish`)
}

function suite(name: string, open: () => Promise<{ store: StreamStore; close(): Promise<void> }>) {
  describe(`resumable chats (${name})`, () => {
    const onError = vi.fn()
    let server: TestServer
    let api: string
    let closeStore: () => Promise<void>
    let store: StreamStore

    beforeAll(async () => {
      released.clear()
      waiting.clear()
      const opened = await open()
      store = opened.store
      closeStore = opened.close
      const handle = app(store, onError)
      server = await serve(handle, toNodeListener(handle, { onError }))
      api = `${server.url}/api/chat`
    })
    afterAll(async () => {
      await server?.close()
      await closeStore?.()
    })

    it('resumes a cut answer from its first chunk with the ai client, then answers 204', async () => {
      const seen = await postAndLeave(api, 'ok-1')
      expect(seen).toBe(DELTAS[0])
      const resumed = await resume(api, 'ok-1')
      expect(resumed).toEqual({ text: ANSWER, errors: [] })
      await untilFinished(server.url, 'ok-1')
      expect(await resume(api, 'ok-1')).toBeUndefined()
      expect(onError).not.toHaveBeenCalled()
    })

    it('sends a resumed stream the ai schema accepts whole, ending with [DONE]', async () => {
      await postAndLeave(api, 'ok-2')
      const { chunks, rejected, text } = await resumeRaw(server.url, 'ok-2')
      expect(rejected).toEqual([])
      expect(chunks[0]).toEqual({ type: 'start' })
      expect(chunks.at(-1)).toEqual({ type: 'finish', finishReason: 'stop' })
      expect(text.endsWith('data: [DONE]\n\n')).toBe(true)
      expect(onError).not.toHaveBeenCalled()
    })

    it('answers 204 for a chat it does not know', async () => {
      const response = await fetch(`${api}/nobody/stream`)
      expect(response.status).toBe(204)
      expect(await resume(api, 'nobody')).toBeUndefined()
    })

    it('answers 204 for a stream id that was never started', async () => {
      const response = await resumeUIMessageStream({ id: `never-${name}`, store })
      expect(response.status).toBe(204)
    })

    it('ends the resumed stream of a failing model with an error chunk, then [DONE]', async () => {
      await postAndLeave(api, 'fail-1')
      const { chunks, rejected, text } = await resumeRaw(server.url, 'fail-1')
      expect(rejected).toEqual([])
      expect(chunks.at(-1)).toEqual({ type: 'error', errorText: 'An error occurred.' })
      expect(text).not.toContain('sk-secret')
      expect(
        text.endsWith(`data: {"type":"error","errorText":"An error occurred."}\n\ndata: [DONE]\n\n`)
      ).toBe(true)
      const deltas = chunks.filter((c) => c.type === 'text-delta').map((c) => c.delta)
      expect(deltas).toEqual(DELTAS.slice(0, 3))
      expect(onError).toHaveBeenCalledTimes(1)
      expect(String(onError.mock.calls[0]![0])).toContain('model exploded')
      onError.mockClear()
    })

    it('ends every reader with an abort chunk when the app cancels the stream (stop)', async () => {
      await postAndLeave(api, 'hang-stop')
      // The resume is answered (200) before the stop is sent, so it follows the live tail.
      const response = await fetch(`${api}/hang-stop/stream`)
      await fetch(`${api}/hang-stop/stop`, { method: 'POST' })
      const { chunks, rejected, text } = await readRaw(response)
      expect(rejected).toEqual([])
      expect(chunks.at(-1)).toEqual({ type: 'abort' })
      expect(chunks.some((c) => c.type === 'finish')).toBe(false)
      expect(text.endsWith('data: [DONE]\n\n')).toBe(true)
      expect(onError).not.toHaveBeenCalled()
    })
  })
}

suite('memory', async () => {
  const store = createMemoryStore()
  return { store, close: () => store.close() }
})

let redis: RedisServer | undefined
suite('redis', async () => {
  redis = await startRedis()
  const client = await createClient({ url: redis.url }).connect()
  const store = createRedisStore({ client })
  return {
    store,
    close: async () => {
      await store.close()
      client.destroy()
      await redis?.stop()
    },
  }
})

describe('resumableUIMessageStream and resumeUIMessageStream arguments', () => {
  const store = createMemoryStore()
  afterAll(() => store.close())
  const producer = () => []

  it('throws TypeError for a bad id, store or producer, RangeError for a bad number', async () => {
    await expect(resumableUIMessageStream({ id: '', store, producer })).rejects.toThrow(
      /options\.id/
    )
    await expect(
      resumableUIMessageStream({ id: 'a', store: {} as StreamStore, producer })
    ).rejects.toThrow(TypeError)
    await expect(
      resumableUIMessageStream({ id: 'a', store, producer: 1 as never })
    ).rejects.toThrow(/options\.producer/)
    await expect(
      resumableUIMessageStream({ id: 'a', store, producer, leaseMs: 0 })
    ).rejects.toThrow(RangeError)
    await expect(resumeUIMessageStream({ id: 'a}', store })).rejects.toThrow(TypeError)
    await expect(resumeUIMessageStream({ id: 'a', store, maxQueue: -1 })).rejects.toThrow(
      /options\.maxQueue/
    )
  })

  it('answers 409 to a POST for a stream id that has already run', async () => {
    const first = await resumableUIMessageStream({ id: 'done', store, producer })
    expect(await first.text()).toBe('data: [DONE]\n\n')
    const again = await resumableUIMessageStream({ id: 'done', store, producer })
    expect(again.status).toBe(409)
  })

  it('turns a chunk the protocol rejects into a failed stream with an error chunk', async () => {
    const onError = vi.fn()
    const bad = () => [{ type: 'text-delta', id: 't', delta: 1 } as unknown as UIMessageChunk]
    const response = await resumableUIMessageStream({
      id: 'bad',
      store,
      producer: bad,
      init: { onError, errorText: (error) => (error as Error).message },
    })
    expect(await response.text()).toBe(
      'data: {"type":"error","errorText":"the generation ended: failed"}\n\ndata: [DONE]\n\n'
    )
    expect(onError).toHaveBeenCalledWith(expect.any(TypeError), { phase: 'stream' })
  })
})
