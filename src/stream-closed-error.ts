import type { CloseReason } from './internal/stream/body'

/**
 * Why a stream stopped before it ended cleanly, as an `Error`: the close error a streaming
 * body's `onClose` receives when no other error caused it, and the `reason` of a Node or
 * Express `request.signal` that aborted because the response stopped early. Its `name` is
 * `'AbortError'`, as `fetch` and `AbortSignal` use, so code that already ignores aborts keeps
 * doing so; `reason` is the close reason (docs/architecture.md, "Close reasons"), and `cause`
 * the error behind it when there is one. Throws `RangeError` for an unknown reason.
 *
 * @example
 * ```ts
 * import { StreamClosedError } from 'response-kit'
 *
 * function handler(request: Request) {
 *   request.signal.addEventListener('abort', () => {
 *     const why = request.signal.reason
 *     if (why instanceof StreamClosedError) console.log('stream closed:', why.reason)
 *   })
 *   return new Response('ok')
 * }
 * ```
 */
export class StreamClosedError extends Error {
  /** Why the stream stopped: `'disconnect'`, `'error'`, `'cancel'`, `'timeout'` or `'shutdown'`. */
  readonly reason: CloseReason

  /**
   * @param reason - the close reason
   * @param message - defaults to a sentence naming the reason
   * @param options - `cause`: the error behind the close, if any
   */
  constructor(reason: CloseReason, message?: string, options?: { cause?: unknown }) {
    if (typeof reason !== 'string' || !Object.hasOwn(MESSAGES, reason)) {
      throw new RangeError(`StreamClosedError reason must be a close reason, got ${String(reason)}`)
    }
    super(message ?? MESSAGES[reason], options)
    this.reason = reason
  }

  /**
   * True for any `StreamClosedError`, including one made by another copy of this module (each
   * built entry, such as `response-kit/node`, carries its own).
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && BRAND in value
  }
}

const BRAND = Symbol.for('response-kit.StreamClosedError')
Object.defineProperty(StreamClosedError.prototype, BRAND, { value: true })

StreamClosedError.prototype.name = 'AbortError'

const MESSAGES: Record<CloseReason, string> = {
  end: 'The stream ended',
  disconnect: 'The client closed the connection before the response ended',
  error: 'The stream failed',
  cancel: 'The stream was cancelled',
  timeout: 'The client accepted no bytes within the stall timeout',
  shutdown: 'The server is shutting down',
}
