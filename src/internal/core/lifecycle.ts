/**
 * The lifecycle callback for runtimes without `diagnostics_channel` (the Hono adapter): the
 * same events and fields as the Node writer's channels (docs/architecture.md, "Close
 * reasons"), measured on the `ReadableStream` the runtime reads. Edge-safe.
 *
 * @internal
 * @module
 */
import type { CloseReason } from '../stream/body'
import { ResponseTally, type LifecycleType } from './tally'

/**
 * One lifecycle event of a response, as `toHonoHandler`'s `onLifecycle` gets it.
 *
 * @example
 * ```ts
 * import type { LifecycleEvent } from 'response-kit/hono'
 * const log = (e: LifecycleEvent) => e.type === 'end' && console.log(e.reason, e.bytes)
 * ```
 */
export interface LifecycleEvent {
  /** `start`, `head`, `first-byte`, `error`, then `end`. */
  readonly type: 'start' | 'head' | 'first-byte' | 'end' | 'error'
  /** The request being answered. */
  readonly request: Request
  /** The status (0 before `head`). */
  readonly status: number
  /** `performance.now()` when the handler was called. */
  readonly startTime: number
  /** `performance.now()` when the first body chunk was read by the runtime. */
  readonly firstByteTime: number | undefined
  /** Body bytes read by the runtime. */
  readonly bytes: number
  /** Body chunks read by the runtime. */
  readonly chunks: number
  /** Milliseconds from `startTime` (on `end`). */
  readonly duration: number | undefined
  /** Why the body ended (on `end`): `end`, `cancel` (the client left) or `error`. */
  readonly reason: CloseReason | undefined
  /** The failure (on `error`). */
  readonly error: unknown
}

/** One response's lifecycle, reported through a callback. @internal */
export class Lifecycle extends ResponseTally implements LifecycleEvent {
  type: LifecycleType = 'start'

  constructor(
    readonly request: Request,
    private readonly callback: (event: LifecycleEvent) => void
  ) {
    super()
    this.emit('start')
  }

  protected emit(type: LifecycleType): void {
    this.type = type
    const { callback, ...event } = this
    try {
      callback(event)
    } catch {
      // A failing observer must not break the response.
    }
  }

  end(reason: CloseReason): void {
    this.ended(reason)
  }

  /** Reports the head and wraps the body so bytes, first byte and the end are seen. */
  watch(response: Response): Response {
    this.head(response.status)
    const body = response.body
    if (body === null) {
      this.end('end')
      return response
    }
    const reader = body.getReader()
    const stream = new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        let result: ReadableStreamReadResult<Uint8Array>
        try {
          result = await reader.read()
        } catch (error) {
          this.fail(error)
          this.end('error')
          throw error
        }
        if (result.done) {
          controller.close()
          return this.end('end')
        }
        this.counted(result.value.byteLength)
        controller.enqueue(result.value)
      },
      cancel: (reason) => {
        this.end('cancel')
        return reader.cancel(reason)
      },
    })
    return new Response(stream, response)
  }
}
