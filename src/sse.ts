import { findHeader, toHeaderPairs } from './internal/core/headers'
import { assertStreamSource, type StreamSource } from './internal/stream/source'
import { HOP_BY_HOP } from './internal/http/hop-by-hop'
import { checkRetry, checkSeparator, encodeEvent, encodeItem } from './internal/stream/sse-encode'
import type { RenderedBody } from './response'
import {
  StreamOptions,
  StreamingResponse,
  streamingBody,
  type StreamingResponseInit,
} from './streaming'

/**
 * One server-sent event; every field is optional.
 *
 * @example
 * ```ts
 * import type { SSEEvent } from 'response-kit'
 * const event: SSEEvent = { id: 1, event: 'token', data: { text: 'Hi' } }
 * ```
 */
export interface SSEEvent {
  /** The payload: a string is sent as it is (split into `data:` lines on CR/LF); anything else is JSON-encoded. */
  data?: unknown
  /** The event type (`event:`); the browser dispatches it to `addEventListener(type)`. */
  event?: string
  /** The event id (`id:`); the browser sends it back as `Last-Event-ID` when it reconnects. */
  id?: string | number
  /** Reconnection delay in milliseconds (`retry:`), a non-negative integer. */
  retry?: number
  /** A comment (`: text`), never shown to the page; keeps proxies from timing out. */
  comment?: string
}

/** The line separators the spec allows: LF, CRLF or CR. */
export type SSESeparator = '\n' | '\r\n' | '\r'

/** Options of {@link SSEResponse}. */
export interface SSEResponseInit extends StreamingResponseInit {
  /**
   * Milliseconds of silence after which a keep-alive is sent; `0` disables it. The timer is
   * cleared when the stream ends or the client leaves.
   * @defaultValue `15000`
   */
  ping?: number
  /**
   * What the keep-alive sends: an event or a function returning one.
   * @defaultValue `{ comment: 'ping' }` (the line `: ping`)
   */
  pingEvent?: SSEEvent | (() => SSEEvent)
  /**
   * Reconnection delay in milliseconds, sent first as a `retry:` line.
   * @defaultValue none (the browser's own, about 3 s)
   */
  retry?: number
  /**
   * Line separator; the spec allows LF, CRLF and CR.
   * @defaultValue `'\n'`
   */
  sep?: SSESeparator
  /**
   * The event to send, as the last one, when the source throws (or an item cannot be
   * encoded): the stream then ends cleanly after it instead of breaking, so the page can
   * handle the failure and call `eventSource.close()` rather than reconnect and run the work
   * again. A function gets the error and returns the event (it must not leak internals to the
   * client). The close reason is still `'error'` and the error still goes to `onError`. Also
   * used when the source fails before its first event: the answer is then a 200 carrying only
   * this event, not a 500. Throws `TypeError` at construction for anything but an event or a
   * function, or an event that cannot be encoded; if the function throws, that is reported
   * and the stream breaks as without this option.
   * @defaultValue none: a failing source breaks the connection
   * @example
   * ```ts
   * import { SSEResponse } from 'response-kit'
   * async function* work() {
   *   yield { event: 'token', data: 'Hi' }
   *   throw new Error('upstream failed')
   * }
   * new SSEResponse(work(), { errorEvent: { event: 'error', data: { message: 'failed' } } })
   * // In the page: source.addEventListener('error', (e) => { if (e.data) source.close() })
   * ```
   */
  errorEvent?: SSEEvent | ((error: unknown) => SSEEvent)
}

const DEFAULT_PING = 15_000
/** An event stream lives long: a client that takes nothing for this long is cut by default. */
const DEFAULT_STALL = 30_000

function checkPing(ping: unknown): number {
  if (ping === undefined) return DEFAULT_PING
  if (typeof ping !== 'number' || !Number.isFinite(ping) || ping < 0) {
    throw new RangeError(
      `SSEResponse ping must be a non-negative number of ms, got ${String(ping)}`
    )
  }
  return ping
}

/** Encoding and keep-alive of one SSE body, as one object: its own heartbeat. */
class SSEOptions extends StreamOptions {
  declare prefix: string | undefined
  declare heartbeat: SSEOptions | undefined
  declare private sep: SSESeparator
  declare ms: number
  declare private ping: SSEEvent | (() => SSEEvent)

  constructor(label: string, sep: SSESeparator, ms: number, ping: SSEEvent | (() => SSEEvent)) {
    super(label)
    this.sep = sep
    this.ms = ms
    this.ping = ping
    if (ms > 0) this.heartbeat = this
    this.stallTimeout = DEFAULT_STALL
  }

  map(item: unknown): string | Uint8Array {
    return encodeItem(item, this.sep)
  }

  declare errorEvent: SSEEvent | ((error: unknown) => SSEEvent) | undefined

  /** The error event that ends a failed stream cleanly, when one was given. */
  lastChunk(error: unknown): string | undefined {
    const event = this.errorEvent
    if (event === undefined) return undefined
    return encodeEvent(typeof event === 'function' ? event(error) : event, this.sep)
  }

  /** The last line of a stream a shutdown ends: reconnect in `ms`. */
  retryLine(ms: number): string {
    return `retry: ${ms}${this.sep}${this.sep}`
  }

  /** The keep-alive chunk. */
  chunk(): string {
    const event = this.ping
    return encodeEvent(typeof event === 'function' ? event() : event, this.sep)
  }
}

/** Adds the SSE default headers unless given, and rejects hop-by-hop ones (invalid on HTTP/2). */
function sseInit(init: SSEResponseInit = {}): SSEResponseInit {
  const pairs = toHeaderPairs(init.headers)
  for (const name of HOP_BY_HOP) {
    if (findHeader(pairs, name) !== undefined) {
      throw new TypeError(`SSEResponse must not set the ${name} header (invalid on HTTP/2)`)
    }
  }
  if (findHeader(pairs, 'cache-control') === undefined) pairs.push(['cache-control', 'no-cache'])
  // nginx buffers proxied responses unless told not to.
  if (findHeader(pairs, 'x-accel-buffering') === undefined) pairs.push(['x-accel-buffering', 'no'])
  return { ...init, headers: pairs }
}

/**
 * A `Response` that streams server-sent events (`text/event-stream; charset=utf-8`, with
 * `cache-control: no-cache` unless you set one and `x-accel-buffering: no`; never
 * `connection` or `transfer-encoding`, which HTTP/2 forbids). The source yields strings (sent
 * as `data`), {@link SSEEvent} objects (non-string `data` is JSON-encoded) or bytes (sent
 * verbatim). Encoding follows the WHATWG HTML spec: `data` is split on CR, LF and CRLF into
 * several `data:` lines. After `ping` ms of silence a `: ping` comment keeps proxies from
 * closing the connection. `retry` is sent first; `onClose` runs once when the stream ends or
 * the client leaves. Throws `TypeError` for a `connection`/`transfer-encoding` header or a bad
 * `sep`, `RangeError` for a bad `ping` or `retry`; an event with CR/LF in `event` or `id`,
 * NUL in `id`, or an unknown field errors the stream with a `TypeError`.
 *
 * @example
 * ```ts
 * import { SSEResponse, lastEventId } from 'response-kit'
 * export default {
 *   fetch(request: Request) {
 *     let n = Number(lastEventId(request) ?? 0)
 *     async function* clock() {
 *       for (;;) {
 *         await new Promise((r) => setTimeout(r, 1000))
 *         yield { id: String(++n), event: 'tick', data: { now: Date.now() } }
 *       }
 *     }
 *     return new SSEResponse(clock(), { retry: 2000 })
 *   },
 * }
 * ```
 * @see {@link https://github.com/response-kit/response-kit/blob/main/docs/guides/sse.md | SSE guide}
 */
export class SSEResponse extends StreamingResponse {
  static override mediaType: string | null = 'text/event-stream'

  /** Validates the options and wraps the source in an encoding, keep-alive body. */
  static override render(content: unknown, init: SSEResponseInit): RenderedBody {
    assertStreamSource(content, this.name)
    const sep = checkSeparator(init.sep ?? '\n')
    const ping = checkPing(init.ping)
    const pingEvent = init.pingEvent ?? { comment: 'ping' }
    if (typeof pingEvent !== 'function') encodeEvent(pingEvent, sep)
    const retry = init.retry === undefined ? undefined : checkRetry(init.retry)
    const options = new SSEOptions(this.name, sep, ping, pingEvent)
    const errorEvent = init.errorEvent
    if (errorEvent !== undefined) {
      if (typeof errorEvent !== 'function') {
        if (typeof errorEvent !== 'object' || errorEvent === null) {
          throw new TypeError(
            `SSEResponse errorEvent must be an event or a function, got ${typeof errorEvent}`
          )
        }
        encodeEvent(errorEvent, sep)
      }
      options.errorEvent = errorEvent
    }
    if (retry !== undefined) options.prefix = `retry: ${retry}${sep}${sep}`
    return streamingBody(content, init, options)
  }

  /**
   * @param content - strings, events or bytes
   * @param init - status, headers, `ping`, `pingEvent`, `retry`, `sep`, `errorEvent`, `stallTimeout`, `onClose`, `onError`
   */
  constructor(content: StreamSource, init?: SSEResponseInit) {
    super(content, sseInit(init))
  }
}

/** Anything with request headers: a `Request`, or a Node `IncomingMessage`. */
export type HasHeaders =
  | {
      /** The request headers of a `Request`. */
      headers: Headers
    }
  | {
      /** The request headers of a Node `IncomingMessage`. */
      headers: Record<string, string | readonly string[] | undefined>
    }

/**
 * Returns the `Last-Event-ID` header a reconnecting `EventSource` sends (the id of the last
 * event it received), or `undefined` when absent. Works with a `Request` and with a Node
 * `IncomingMessage`. The value is client input: parse and check it before trusting it.
 *
 * @example
 * ```ts
 * import { lastEventId } from 'response-kit'
 * const resumeAfter = Number(lastEventId(new Request('http://x/', { headers: { 'last-event-id': '7' } })))
 * ```
 */
export function lastEventId(request: HasHeaders): string | undefined {
  const { headers } = request
  if (typeof (headers as Headers).get === 'function') {
    return (headers as Headers).get('last-event-id') ?? undefined
  }
  const value = (headers as Record<string, string | readonly string[] | undefined>)['last-event-id']
  return typeof value === 'string' ? value : value?.[0]
}
