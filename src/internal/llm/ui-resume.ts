/**
 * Resumable chats for the AI SDK: a generation runs once per stream id and logs every UI
 * message chunk in a resumable-streams store; the POST that starts it and any later
 * `GET …/{chatId}/stream` read that log from its first chunk, then follow it live.
 *
 * @internal
 * @module
 */
import { checkName, checkStore } from '../streams/checks'
import type { Producer } from '../streams/producer'
import { logItems, runSettings, startOnce, streamKey, type RunSettings } from '../streams/run'
import type { StreamStore } from '../streams/types'
import { encodeUIMessageChunk, type UIMessageChunk } from './ui-chunks'
import {
  errorTextOf,
  UIMessageStreamResponse,
  type UIMessageChunkSource,
  type UIMessageStreamResponseInit,
} from './ui-response'

/** A function that starts a generation; `signal` aborts when the stream is cancelled. */
export type UIMessageProducer = (signal: AbortSignal) => UIMessageChunkSource

/** Options of {@link resumableUIMessageStream}. */
export interface ResumableUIMessageStreamOptions {
  /**
   * The generation's stream id: one producer run per id, so give each generation its own
   * (the chat id alone serves only the chat's first answer). 1 to 200 characters, no CR, LF
   * or `}`.
   */
  id: string
  /** Where the log lives: `createMemoryStore()` or `createRedisStore()` of `response-kit/streams`. */
  store: StreamStore
  /** Starts the generation; runs at most once per id, and keeps running when the client leaves. */
  producer: UIMessageProducer
  /**
   * How long the producer's lease lasts without a write or renewal; a producer whose process
   * dies is reported `abandoned` about this long after.
   * @defaultValue `5000`
   */
  leaseMs?: number
  /**
   * How long the log is kept after its last write.
   * @defaultValue `86_400_000` (a day)
   */
  ttlMs?: number
  /**
   * How many chunks the log keeps.
   * @defaultValue `100_000`
   */
  maxLen?: number
  /**
   * Batching of store writes, as in `resumableStream`.
   * @defaultValue `{ maxEvents: 512, maxDelayMs: 0 }`
   */
  batch?: {
    /** Chunks per write at most. */
    maxEvents?: number
    /** How long the first queued chunk waits for company before it is written. */
    maxDelayMs?: number
  }
  /**
   * Live chunks held for a client that has not read them; past it, the client reads from the
   * log instead.
   * @defaultValue `1024`
   */
  maxQueue?: number
  /**
   * Called with the producer's promise, for runtimes that stop work when the response ends
   * (Vercel and Cloudflare's `ctx.waitUntil`).
   * @defaultValue none
   */
  waitUntil?: ((promise: Promise<unknown>) => void) | undefined
  /** Options of the `UIMessageStreamResponse` (headers, `errorText`, `onError`, `signal`). */
  init?: UIMessageStreamResponseInit
}

/** Options of {@link resumeUIMessageStream}. */
export interface ResumeUIMessageStreamOptions {
  /** The stream id the generation was started with. */
  id: string
  /** The store it was started in. */
  store: StreamStore
  /**
   * The `leaseMs` the generation was started with: a reader checks the producer's lease a
   * quarter of it after the last chunk.
   * @defaultValue `5000`
   */
  leaseMs?: number
  /**
   * Live chunks held for a client that has not read them.
   * @defaultValue `1024`
   */
  maxQueue?: number
  /** Options of the `UIMessageStreamResponse` (headers, `errorText`, `onError`, `signal`). */
  init?: UIMessageStreamResponseInit
}

function noContent(): Response {
  return new Response(null, { status: 204, headers: { 'cache-control': 'no-cache' } })
}

function checkProducer(producer: unknown): UIMessageProducer {
  if (typeof producer !== 'function') throw new TypeError('options.producer must be a function')
  return producer as UIMessageProducer
}

/** Logs each chunk as its JSON text, checked against the protocol's schema as it is written. */
function logged(producer: UIMessageProducer): Producer {
  return async function* (signal) {
    for await (const chunk of producer(signal)) yield encodeUIMessageChunk(chunk)
  }
}

/** The log of `key` from its first chunk, as UI message chunks; the end becomes the protocol's. */
async function* chunksOf(
  store: StreamStore,
  key: string,
  settings: Pick<RunSettings, 'limits' | 'maxQueue'>,
  init: UIMessageStreamResponseInit
): AsyncGenerator<UIMessageChunk, void, undefined> {
  for await (const item of logItems(store, key, 0, settings, init.signal)) {
    if (item.kind === 'event') {
      yield JSON.parse(item.data) as UIMessageChunk
      continue
    }
    const reason =
      item.kind === 'gap'
        ? 'trimmed'
        : item.kind === 'lost'
          ? 'lost'
          : (JSON.parse(item.data) as { reason: string }).reason
    if (reason === 'cancelled') yield { type: 'abort' }
    else if (reason !== 'complete') {
      // The producer's own error was reported where it ran; here the client learns only that
      // the generation did not finish, in the protocol's terms, never as a broken connection.
      const error = new Error(`the generation ended: ${reason}`)
      yield { type: 'error', errorText: errorTextOf(init.errorText, error) }
    }
    return
  }
}

/**
 * Starts a resumable chat generation and streams it in the UI message stream protocol (the
 * POST of `useChat`'s `DefaultChatTransport`). The producer runs once per `id` (a lease with
 * a fencing token makes it run once even when instances race) and every chunk it yields is
 * checked against the protocol's schema and logged in `store`; the response replays the log
 * from its first chunk and follows it, ending with `data: [DONE]`. The producer keeps running
 * when the client leaves, so {@link resumeUIMessageStream} can serve the rest; to stop it
 * (the `stop()` of `useChat`), call `cancelStream({ id, store })` of `response-kit/streams`
 * from a stop endpoint, which ends every reader with an `abort` chunk. A producer that throws
 * or yields a bad chunk (a `TypeError`) is reported to `init.onError` and its readers get an
 * `error` chunk (its `errorText` from `init.errorText`, which receives an `Error` naming the
 * reason, never the producer's own error), then `[DONE]`; so does a producer whose process
 * died (`abandoned`) or a log the store lost. When `id` already names a stream that is still
 * running (a double submit), the response joins it; when it names a finished one, the answer
 * is `409`. Throws `TypeError` for a bad `id`, `store` or `producer`, `RangeError` for a bad
 * number; rejects when the store is unreachable at the start.
 *
 * @example
 * ```ts
 * import { resumableUIMessageStream, uiChunksFromOpenAIChat } from 'response-kit/llm'
 * import { createMemoryStore } from 'response-kit/streams'
 * declare function callModel(signal: AbortSignal): AsyncIterable<{ choices: { delta: { content?: string | null } }[] }>
 * declare function newActiveStream(chatId: string): Promise<string>
 * const store = createMemoryStore()
 * export async function POST(request: Request): Promise<Response> {
 *   const { id: chatId } = (await request.json()) as { id: string }
 *   const id = await newActiveStream(chatId) // a fresh stream id, saved as the chat's active one
 *   return resumableUIMessageStream({
 *     id,
 *     store,
 *     producer: (signal) => uiChunksFromOpenAIChat(callModel(signal)),
 *   })
 * }
 * ```
 * @see {@link https://github.com/response-kit/response-kit/blob/main/docs/guides/llm.md | LLM guide}
 */
export async function resumableUIMessageStream(
  options: ResumableUIMessageStreamOptions
): Promise<Response> {
  const id = checkName(options?.id, 'options.id')
  const store = checkStore(options.store, 'options.store')
  const producer = logged(checkProducer(options.producer))
  const settings = runSettings(options)
  const init = options.init ?? {}
  const key = streamKey(id)
  if (!(await startOnce(store, key, producer, settings, init.onError, options.waitUntil))) {
    if ((await store.inspect(key)) !== 'running') {
      return new Response(`stream "${id}" has already run; give each generation its own id`, {
        status: 409,
      })
    }
  }
  return new UIMessageStreamResponse(chunksOf(store, key, settings, init), init)
}

/**
 * Answers `useChat`'s resume request (`GET {api}/{chatId}/stream`, sent with `resume: true`):
 * `204` when stream `id` does not exist or has already finished, otherwise the whole UI
 * message stream of the running generation from its first chunk (replay, then live tail),
 * ending with `data: [DONE]`. A generation that fails, is abandoned or whose log the store
 * loses ends with an `error` chunk (see `init.errorText`), one that is cancelled with an
 * `abort` chunk, then `[DONE]`. A client that leaves only stops its own reading; a store that
 * fails mid-stream is reported to `init.onError` and sent as an `error` chunk. Throws
 * `TypeError` for a bad `id` or `store`, `RangeError` for a bad number; rejects when the
 * store is unreachable at the start.
 *
 * @example
 * ```ts
 * import { resumeUIMessageStream } from 'response-kit/llm'
 * import { createMemoryStore } from 'response-kit/streams'
 * declare function activeStream(chatId: string): Promise<string | undefined>
 * const store = createMemoryStore()
 * export async function GET(_: Request, chatId: string): Promise<Response> {
 *   const id = await activeStream(chatId)
 *   if (id === undefined) return new Response(null, { status: 204 })
 *   return resumeUIMessageStream({ id, store })
 * }
 * ```
 * @see {@link https://github.com/response-kit/response-kit/blob/main/docs/guides/llm.md | LLM guide}
 */
export async function resumeUIMessageStream(
  options: ResumeUIMessageStreamOptions
): Promise<Response> {
  const id = checkName(options?.id, 'options.id')
  const store = checkStore(options.store, 'options.store')
  const settings = runSettings(options)
  const init = options.init ?? {}
  const key = streamKey(id)
  if ((await store.inspect(key)) !== 'running') return noContent()
  return new UIMessageStreamResponse(chunksOf(store, key, settings, init), init)
}
