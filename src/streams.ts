/**
 * Streams that survive their connection: resumable streams (a producer runs once per id and
 * logs every event; any instance serves any client from the log, resuming after
 * `Last-Event-ID`) and channels (broadcast across instances with a replay window). Logs live
 * in memory by default, or in Redis Streams with the `redis` or `ioredis` client you already
 * have. Import from `'response-kit/streams'`; edge-safe (no `node:` imports).
 *
 * @module response-kit/streams
 */
import { SSEResponse, type HasHeaders, type SSEEvent, type SSEResponseInit } from './sse'
import { checkName, checkStore, positiveInt } from './internal/streams/checks'
import { cursorOf, FINAL_ID } from './internal/streams/cursor'
import { MemoryStore } from './internal/streams/memory-store'
import { endData, type Producer } from './internal/streams/producer'
import { RedisStore, type RedisStoreOptions } from './internal/streams/redis-store'
import {
  logItems,
  runSettings,
  startOnce,
  streamKey,
  type RunSettings,
} from './internal/streams/run'
import type { StreamStore } from './internal/streams/types'

export type {
  StreamStore,
  StreamState,
  LogEntry,
  Listener,
  WriteLimits,
  EntryKind,
  NewEntry,
} from './internal/streams/types'
export type { ProducedEvent, Producer, EndReason } from './internal/streams/producer'
export { channel } from './internal/streams/channel'
export type { Channel, ChannelEvent, ChannelOptions } from './internal/streams/channel'
export type { RedisStoreOptions, RedisLikeClient } from './internal/streams/redis-store'

/** Options of {@link resumableStream}. */
export interface ResumableStreamOptions {
  /** The stream's id: one producer run per id. 1 to 200 characters, no CR, LF or `}`. */
  id: string
  /** Where the log lives: {@link createMemoryStore} or {@link createRedisStore}. */
  store: StreamStore
  /** Starts the work; runs at most once per id, only for a request that carries no resume id. */
  producer: Producer
  /**
   * The request, read for `Last-Event-ID` (else the `lastEventId` query parameter).
   * @defaultValue none: a client that starts from the beginning
   */
  request?: HasHeaders | undefined
  /**
   * How long the producer's lease lasts without a write or renewal (it renews every third of
   * it). A producer whose process dies is declared `abandoned` about this long after.
   * @defaultValue `5000`
   */
  leaseMs?: number
  /**
   * How long the log is kept after its last write.
   * @defaultValue `86_400_000` (a day)
   */
  ttlMs?: number
  /**
   * How many events the log keeps; a client resuming before the oldest gets `trimmed`.
   * @defaultValue `100_000`
   */
  maxLen?: number
  /**
   * Batching of store writes: a write happens when `maxEvents` are queued or `maxDelayMs`
   * after the first queued event; never two writes at once, so events that arrive during a
   * write go in the next one.
   * @defaultValue `{ maxEvents: 512, maxDelayMs: 0 }`
   */
  batch?: {
    /** Events per write at most; a full batch is written at once. */
    maxEvents?: number
    /** How long the first queued event waits for company before it is written. */
    maxDelayMs?: number
  }
  /**
   * Called with the producer's promise, for runtimes that stop work when the response ends
   * (Vercel and Cloudflare's `ctx.waitUntil`).
   * @defaultValue none
   */
  waitUntil?: ((promise: Promise<unknown>) => void) | undefined
  /**
   * Live events held for a client that has not read them; past it, the client reads from the
   * log instead, so a slow client costs bounded memory.
   * @defaultValue `1024`
   */
  maxQueue?: number
  /** Options of the `SSEResponse` (headers, `ping`, `retry`, `onError`, `signal`). */
  init?: SSEResponseInit
}

function noContent(): Response {
  return new Response(null, { status: 204, headers: { 'cache-control': 'no-cache' } })
}

/**
 * Serves the stream `id` as server-sent events, resumable on any instance. For a request
 * without a resume id, the producer is started unless the stream already exists (a lease with
 * a fencing token makes it run once even when instances race); it keeps running when the
 * client leaves, and every event is logged with its id (1, 2, 3 …). Any request then gets the
 * events after its `Last-Event-ID` (or `lastEventId` query parameter), then the live tail,
 * each once and in order, then a last `end` event whose data is `{"reason": …}`: `complete`,
 * `cancelled`, `failed` (the producer threw; the error goes to `init.onError`), `abandoned`
 * (its process died: reported within about `leaseMs`), `lost` (the store lost the log) or
 * `trimmed` (the client resumed before the oldest kept event). A client that already has the
 * last event gets `204`, which stops `EventSource` for good. A malformed `Last-Event-ID`
 * answers `400`. Throws `TypeError` for a bad `id`, `store` or `producer`, `RangeError` for a
 * bad number; rejects when the store is unreachable at the start.
 *
 * @example
 * ```ts
 * import { createMemoryStore, resumableStream } from 'response-kit/streams'
 * const store = createMemoryStore()
 * async function* answer() {
 *   for (const token of ['Hello', ', ', 'world']) yield token
 * }
 * export default {
 *   fetch: (request: Request) =>
 *     resumableStream({ id: new URL(request.url).searchParams.get('chat')!, store, producer: answer, request }),
 * }
 * ```
 * @see {@link https://github.com/response-kit/response-kit/blob/main/docs/guides/resumable-streams.md | Resumable streams guide}
 */
export async function resumableStream(options: ResumableStreamOptions): Promise<Response> {
  const id = checkName(options?.id, 'options.id')
  const store = checkStore(options.store, 'options.store')
  if (typeof options.producer !== 'function')
    throw new TypeError('options.producer must be a function')
  const settings = runSettings(options)
  const init = options.init ?? {}
  let cursor
  try {
    cursor = cursorOf(options.request)
  } catch (error) {
    return new Response((error as Error).message, { status: 400 })
  }
  if (cursor === FINAL_ID) return noContent()
  const key = streamKey(id)
  if (cursor === undefined) {
    await startOnce(store, key, options.producer, settings, init.onError, options.waitUntil)
  } else if ((await store.read(key, cursor, 1)).length === 0) {
    const state = await store.inspect(key)
    // Read again: the stream may have ended with new events between the read and inspect.
    if (state === 'done' && (await store.read(key, cursor, 1)).length === 0) return noContent()
    if (state === 'absent') return new SSEResponse([finalEvent('lost')], init)
  }
  return new SSEResponse(streamEvents(store, key, cursor ?? 0, settings, init), init)
}

function finalEvent(reason: 'lost' | 'trimmed'): SSEEvent {
  return { id: FINAL_ID, event: 'end', data: endData(reason) }
}

async function* streamEvents(
  store: StreamStore,
  key: string,
  after: number,
  settings: RunSettings,
  init: SSEResponseInit
): AsyncGenerator<SSEEvent, void, undefined> {
  // A first comment sends the headers now (servers hold them until the first chunk), so the
  // client knows it is connected while the producer is still thinking.
  yield { comment: 'stream' }
  const items = logItems(store, key, after, settings, init.signal)
  for await (const item of items) {
    if (item.kind === 'gap') return yield finalEvent('trimmed')
    if (item.kind === 'lost') return yield finalEvent('lost')
    if (item.kind === 'event') {
      yield item.event
        ? { id: item.seq, event: item.event, data: item.data }
        : { id: item.seq, data: item.data }
    } else yield { id: item.seq, event: 'end', data: item.data }
  }
}

/**
 * Stops the producer of stream `id` wherever it runs (within about a second with Redis,
 * at once in memory); its clients get `end` with reason `cancelled`. A client that merely
 * disconnects never stops a producer; call this from your "stop" endpoint. Cancelling a
 * stream that has not started yet makes it stop as soon as it starts (for `ttlMs`).
 *
 * @example
 * ```ts
 * import { cancelStream, createMemoryStore } from 'response-kit/streams'
 * const store = createMemoryStore()
 * await cancelStream({ id: 'chat-42', store })
 * ```
 */
export async function cancelStream(options: {
  /** The stream's id. */
  id: string
  /** The store it lives in. */
  store: StreamStore
  /** How long the cancel request is kept for a producer that has not started. @defaultValue `60000` */
  ttlMs?: number
}): Promise<void> {
  const id = checkName(options?.id, 'options.id')
  const store = checkStore(options.store, 'options.store')
  await store.cancel(streamKey(id), positiveInt(options.ttlMs, 'options.ttlMs', 60_000))
}

/**
 * Creates the in-memory store: logs live in this process (on the edge, in this isolate), so
 * every instance sees only its own streams. Needs no set-up; the default for one process.
 *
 * @example
 * ```ts
 * import { createMemoryStore } from 'response-kit/streams'
 * const store = createMemoryStore()
 * ```
 */
export function createMemoryStore(): StreamStore {
  return new MemoryStore()
}

/**
 * Creates a store on Redis Streams with the client you made: `redis` (node-redis, connected)
 * or `ioredis`, recognised by their methods. It sends commands on `client`, and follows live
 * logs with ONE blocking `XREAD` loop on `subscriber` (a second connection: pass one, or it
 * is made with `client.duplicate()`), however many clients read. Keys start with `prefix`
 * (default `rk:`). `close()` stops the loop and closes a subscriber it made. Throws
 * `TypeError` when `client` is neither kind.
 *
 * @example
 * ```ts
 * import { createClient } from 'redis'
 * import { createRedisStore } from 'response-kit/streams'
 * const client = await createClient({ url: 'redis://127.0.0.1:6379' }).connect()
 * const store = createRedisStore({ client })
 * ```
 */
export function createRedisStore(options: RedisStoreOptions): StreamStore {
  return new RedisStore(options)
}
