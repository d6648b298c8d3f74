/**
 * A channel: one shared log that any instance appends to and every subscriber reads, with a
 * replay window of the last `maxLen` events.
 *
 * @internal
 * @module
 */
import type { SSEEvent } from '../../sse'
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

/** Checks the limits of a channel. */
export function channelLimits(maxLen: number, ttlMs: number): WriteLimits {
  return { leaseMs: 0, ttlMs, maxLen }
}
