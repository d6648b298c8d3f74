/**
 * A channel: one shared log that any instance appends to and every subscriber reads, with a
 * replay window of the last `maxLen` events.
 *
 * @internal
 * @module
 */
import { SSEResponse, type HasHeaders, type SSEEvent, type SSEResponseInit } from '../../sse'
import { checkName, checkStore, DAY, positiveInt } from './checks'
import { cursorOf } from './cursor'
import { tail } from './tail'
import type { LogEntry, StreamStore, WriteLimits } from './types'

/** One event of a channel as a subscriber's filter sees it. */
export interface ChannelEvent {
  /** Its position in the channel (also its SSE id). */
  id: number
  /** The SSE event type, `''` for the default. */
  event: string
  /** The data as sent: strings as they are, anything else as JSON text. */
  data: string
}

/** Reads `key` from `after` and turns entries into SSE events, gap markers included. */
export async function* channelEvents(
  store: StreamStore,
  key: string,
  after: number,
  filter: ((event: ChannelEvent) => boolean) | undefined,
  maxQueue: number,
  signal: AbortSignal | undefined
): AsyncGenerator<SSEEvent, void, undefined> {
  // A first comment sends the headers now: servers hold them until the first chunk.
  yield { comment: 'subscribed' }
  for await (const item of tail(store, key, after, { page: 256, maxQueue, checkMs: 0, signal })) {
    if (item.kind === 'gap') {
      yield { event: 'gap', data: { from: item.from, to: item.to } }
    } else if (item.kind === 'lost') {
      yield { event: 'gap', data: { from: after + 1, to: null, reason: 'lost' } }
    } else {
      const entry: LogEntry = item
      if (filter && !filter({ id: entry.seq, event: entry.event, data: entry.data })) continue
      yield entry.event
        ? { id: entry.seq, event: entry.event, data: entry.data }
        : { id: entry.seq, data: entry.data }
    }
  }
}

/** Options of {@link channel}. */
export interface ChannelOptions {
  /** Where the channel's log lives; with Redis, every instance sees every broadcast. */
  store: StreamStore
  /**
   * The replay window: how many recent events a reconnecting subscriber can get back.
   * @defaultValue `1000`
   */
  maxLen?: number
  /**
   * How long the log lives after the last broadcast.
   * @defaultValue `86_400_000` (a day)
   */
  ttlMs?: number
  /**
   * Live events held per subscriber; past it the subscriber reads from the log, and when
   * what it missed has left the window it gets a `gap` event (`{"from","to"}`) and skips
   * ahead. Memory per subscriber never exceeds this many events.
   * @defaultValue `1024`
   */
  maxQueue?: number
}

/** A topic that any instance broadcasts to and every subscriber, on every instance, reads. */
export interface Channel {
  /** The channel's name. */
  readonly name: string
  /** Appends an event for every subscriber; resolves its id. */
  broadcast(data: unknown, options?: { event?: string }): Promise<number>
  /**
   * Answers a subscriber: events after its `Last-Event-ID` (else from now), then live ones,
   * those `filter` accepts, each once and in order.
   */
  subscribe(
    request?: HasHeaders,
    options?: { filter?: (event: ChannelEvent) => boolean; init?: SSEResponseInit }
  ): Promise<SSEResponse>
}

/**
 * Opens the channel `name` on `store`. `broadcast(data)` appends an event (strings as they
 * are, anything else JSON-encoded) to the channel's log; `subscribe(request)` answers an
 * `SSEResponse` that sends events after the request's `Last-Event-ID` (or `lastEventId` query
 * parameter; without one, from now on), then the live ones, each once and in order, through a
 * per-subscriber `filter`. Subscribers are bounded (see `maxQueue`): a slow one gets a `gap`
 * event and skips ahead rather than growing memory. Throws `TypeError` for a bad name, store
 * or event type, `RangeError` for a bad number or a malformed `Last-Event-ID`.
 *
 * @example
 * ```ts
 * import { channel, createMemoryStore } from 'response-kit/streams'
 * const news = channel('news', { store: createMemoryStore() })
 * await news.broadcast({ title: 'Hello' })
 * export default { fetch: (request: Request) => news.subscribe(request) }
 * ```
 */
export function channel(name: string, options: ChannelOptions): Channel {
  checkName(name, 'channel name')
  const store = checkStore(options?.store, 'options.store')
  const limits: WriteLimits = {
    leaseMs: 0,
    ttlMs: positiveInt(options.ttlMs, 'options.ttlMs', DAY, 1000),
    maxLen: positiveInt(options.maxLen, 'options.maxLen', 1000),
  }
  const maxQueue = positiveInt(options.maxQueue, 'options.maxQueue', 1024)
  const key = `c:{${name}}`
  return {
    name,
    broadcast(data, broadcastOptions) {
      const event = broadcastOptions?.event ?? ''
      if (typeof event !== 'string' || /[\r\n]/.test(event) || event === 'gap') {
        return Promise.reject(new TypeError('event must be a string without CR/LF, not "gap"'))
      }
      const text = typeof data === 'string' ? data : JSON.stringify(data)
      if (typeof text !== 'string') {
        return Promise.reject(new TypeError('broadcast data must be a string or JSON-encodable'))
      }
      return store.publish(key, event, text, limits)
    },
    async subscribe(request, subscribeOptions) {
      const filter = subscribeOptions?.filter
      if (filter !== undefined && typeof filter !== 'function') {
        throw new TypeError('options.filter must be a function')
      }
      const cursor = cursorOf(request)
      const after = typeof cursor === 'number' ? cursor : await store.head(key)
      const init = subscribeOptions?.init ?? {}
      return new SSEResponse(channelEvents(store, key, after, filter, maxQueue, init.signal), init)
    },
  }
}
