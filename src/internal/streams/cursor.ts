/**
 * Where a client resumes: the `Last-Event-ID` header an `EventSource` sends when it reconnects,
 * else a `lastEventId` query parameter (what EventSource polyfills and hand-made reconnects
 * send, since a browser's `EventSource` cannot set headers).
 *
 * @internal
 * @module
 */
import { lastEventId, type HasHeaders } from '../../sse'

/**
 * The id of the synthetic last event (`lost`, `trimmed`): a client that got it reconnects with
 * it, and is told `204`, so its `EventSource` stops for good.
 */
export const FINAL_ID = 'end'

/** A resume position: a seq, `end` (the client saw a synthetic last event) or nothing. */
export type Cursor = number | typeof FINAL_ID | undefined

/** Parses the resume position of `request`; throws `RangeError` for a malformed value. */
export function cursorOf(request: HasHeaders | undefined): Cursor {
  if (request === undefined) return undefined
  let value = lastEventId(request)
  if (value === undefined) {
    const url = (request as { url?: unknown }).url
    if (typeof url === 'string' && url.includes('lastEventId=')) {
      value = new URL(url, 'http://localhost').searchParams.get('lastEventId') ?? undefined
    }
  }
  if (value === undefined || value === '') return undefined
  if (value === FINAL_ID) return FINAL_ID
  if (!/^\d{1,15}$/.test(value)) {
    throw new RangeError(`Last-Event-ID must be an event id of this stream, got "${value}"`)
  }
  return Number(value)
}
