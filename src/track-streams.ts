/**
 * Graceful shutdown for servers that answer through the Node writer (`response-kit/node`,
 * `response-kit/express`). Node only; re-exported from `'response-kit/node'`.
 *
 * @module
 */
import { streamsOf } from './internal/node/shutdown'

/**
 * Options of {@link StreamTracker.drain}.
 *
 * @example
 * ```ts
 * import type { DrainOptions } from 'response-kit/node'
 * const options: DrainOptions = { retry: 500 }
 * ```
 */
export interface DrainOptions {
  /**
   * The reconnection delay (ms) sent to SSE clients as a last `retry:` line.
   * @defaultValue `1000`
   */
  retry?: number
}

/**
 * Options of {@link StreamTracker.finish}.
 *
 * @example
 * ```ts
 * import type { FinishOptions } from 'response-kit/node'
 * const options: FinishOptions = { deadline: 10_000, retry: 1000 }
 * ```
 */
export interface FinishOptions extends DrainOptions {
  /** Milliseconds open streams may still run to their end; the rest are then drained. */
  deadline: number
}

/**
 * The open streams of one server, from {@link trackStreams}.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http'
 * import { toNodeListener, trackStreams } from 'response-kit/node'
 *
 * const server = createServer(toNodeListener(() => new Response('ok')))
 * const streams = trackStreams(server)
 * process.once('SIGTERM', () => {
 *   server.close()
 *   void streams.finish({ deadline: 10_000 })
 * })
 * ```
 */
export interface StreamTracker {
  /** How many streaming responses are open now. */
  readonly size: number
  /**
   * Ends every open stream now, with close reason `'shutdown'` (producers' `finally` runs): an
   * `SSEResponse` gets a last `retry:` line and ends cleanly, so `EventSource` reconnects
   * (to another instance, behind a load balancer); any other stream is broken (the client
   * sees an incomplete response, not a complete one). Streams that start afterwards are cut
   * the same way at once. Resolves once all are closed. Throws `RangeError` for a bad `retry`.
   */
  drain(options?: DrainOptions): Promise<void>
  /**
   * Lets open streams run to their end for up to `deadline` ms, then drains the rest.
   * Resolves once all are closed. Throws `RangeError` for a bad `deadline` or `retry`.
   */
  finish(options: FinishOptions): Promise<void>
}

function checkMs(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new RangeError(`${field} must be a non-negative integer of ms, got ${String(value)}`)
  }
  return value
}

/**
 * Tracks the streaming responses a Node `http`/`https` server (or HTTP/2 secure server with the
 * compatibility API) sends through response-kit's writer, so a shutdown can end them: `drain()`
 * now, or `finish({ deadline })` after letting them complete. `server.close()` alone waits for
 * every open stream, which for an event stream is forever. Fixed bodies are not tracked (they
 * are written at once). Call it once per server, before or after `listen`; a second call
 * returns a tracker over the same streams. Throws `TypeError` when `server` is not an object.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http'
 * import { SSEResponse } from 'response-kit'
 * import { toNodeListener, trackStreams } from 'response-kit/node'
 *
 * async function* ticks() {
 *   for (;;) yield { data: Date.now() }
 * }
 * const server = createServer(toNodeListener(() => new SSEResponse(ticks())))
 * const streams = trackStreams(server)
 * server.listen(3000)
 * process.once('SIGTERM', async () => {
 *   server.close()
 *   await streams.drain({ retry: 500 })
 * })
 * ```
 * @see {@link https://github.com/response-kit/response-kit/blob/main/docs/guides/production.md | Production guide}
 */
export function trackStreams(server: object): StreamTracker {
  if (typeof server !== 'object' || server === null) {
    throw new TypeError('trackStreams needs the Node server')
  }
  const set = streamsOf(server)
  const closed = (): Promise<void> =>
    new Promise<void>((resolve) => {
      // Broken responses are destroyed on the next turn (the head and written chunks first).
      if (set.open.size === 0) return void setImmediate(resolve)
      set.emptied = () => setImmediate(resolve)
    })
  const drain = (options: DrainOptions = {}): Promise<void> => {
    const retry = checkMs(options.retry ?? 1000, 'options.retry')
    set.retry = retry
    for (const stream of [...set.open]) stream.shutdown(retry)
    return closed()
  }
  return {
    get size() {
      return set.open.size
    },
    drain,
    finish(options: FinishOptions): Promise<void> {
      const deadline = checkMs(options?.deadline, 'options.deadline')
      if (options.retry !== undefined) checkMs(options.retry, 'options.retry')
      if (set.open.size === 0) return Promise.resolve()
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => void drain(options).then(resolve), deadline)
        set.emptied = () => {
          clearTimeout(timer)
          resolve()
        }
      })
    },
  }
}
