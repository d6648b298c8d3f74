/**
 * The Node writer's lifecycle events on `node:diagnostics_channel`. Node only; re-exported
 * from `'response-kit/node'`.
 *
 * @module
 */
import { CHANNELS } from './internal/node/diagnostics'
import type { CloseReason } from './internal/stream/body'

/**
 * The names of the channels the Node writer (`response-kit/node`, `response-kit/express`)
 * publishes on, in the order a response reaches them: `start` (the writer has the response),
 * `head` (status and headers written), `firstByte` (the first body byte handed to Node; for an
 * empty body there is none), `end` (last byte handed to the OS, or the stream stopped early;
 * with `reason`, `bytes`, `chunks`, `duration`), and `error` (a head or mid-stream failure,
 * before `end`). Each is published once per response at most; every message is the same
 * {@link ResponseTrace} object. Nothing is measured while no channel has a subscriber.
 *
 * @example
 * ```ts
 * import diagnostics from 'node:diagnostics_channel'
 * import { diagnosticsChannels, type ResponseTrace } from 'response-kit/node'
 *
 * diagnostics.subscribe(diagnosticsChannels.end, (message) => {
 *   const trace = message as ResponseTrace
 *   console.log(trace.status, trace.reason, trace.bytes, trace.duration)
 * })
 * ```
 */
export const diagnosticsChannels: {
  /** The writer has the response. */
  readonly start: 'response-kit:response:start'
  /** Status and headers written. */
  readonly head: 'response-kit:response:head'
  /** The first body byte handed to Node. */
  readonly firstByte: 'response-kit:response:first-byte'
  /** The body ended or stopped early (`reason`). */
  readonly end: 'response-kit:response:end'
  /** A head or mid-stream failure (`error`), before `end`. */
  readonly error: 'response-kit:response:error'
} = CHANNELS

/**
 * The message of every diagnostics channel: one object per response, filled in as it goes.
 * Times are `performance.now()` milliseconds.
 *
 * @example
 * ```ts
 * import type { ResponseTrace } from 'response-kit/node'
 * const ttfb = (trace: ResponseTrace) =>
 *   trace.firstByteTime === undefined ? undefined : trace.firstByteTime - trace.startTime
 * ```
 */
export interface ResponseTrace {
  /** The Node response being written. */
  readonly res: object
  /** The `Response` the handler returned. */
  readonly response: Response
  /** The request, when the adapter had one. */
  readonly request: Request | undefined
  /** When the writer got the response. */
  readonly startTime: number
  /** The status sent (0 before `head`). */
  readonly status: number
  /** When the first body byte was handed to Node. */
  readonly firstByteTime: number | undefined
  /** Body bytes handed to Node. */
  readonly bytes: number
  /** Body chunks written (1 for a fixed body; SSE events and pings for a stream). */
  readonly chunks: number
  /** Milliseconds from `startTime` to `end`. */
  readonly duration: number | undefined
  /** Why the response ended (on `end`). */
  readonly reason: CloseReason | undefined
  /** The failure (on `error`). */
  readonly error: unknown
}
