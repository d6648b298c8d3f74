/**
 * Lifecycle events of the Node writer on `node:diagnostics_channel`, as undici and `node:http`
 * publish theirs (docs/architecture.md, "Close reasons": tracing hooks in where a body ends).
 * The writer checks `hasSubscribers` once per response; with nobody listening no trace is
 * made and the data path is unchanged.
 *
 * @internal
 * @module
 */
import diagnostics from 'node:diagnostics_channel'
import { ResponseTally, type LifecycleType } from '../core/tally'
import type { CloseReason } from '../stream/body'
import type { NodeResponse } from './types'

/** The channel names, `response-kit:response:<event>`. @internal */
export const CHANNELS = {
  start: 'response-kit:response:start',
  head: 'response-kit:response:head',
  firstByte: 'response-kit:response:first-byte',
  end: 'response-kit:response:end',
  error: 'response-kit:response:error',
} as const

const start = diagnostics.channel(CHANNELS.start)
const head = diagnostics.channel(CHANNELS.head)
const firstByte = diagnostics.channel(CHANNELS.firstByte)
const end = diagnostics.channel(CHANNELS.end)
const error = diagnostics.channel(CHANNELS.error)

const CHANNEL_OF = { start, head, 'first-byte': firstByte, end, error } as const

/** True when anyone listens on any of the channels. @internal */
export function tracing(): boolean {
  return (
    start.hasSubscribers ||
    head.hasSubscribers ||
    firstByte.hasSubscribers ||
    end.hasSubscribers ||
    error.hasSubscribers
  )
}

/**
 * One response's trace: the message published on every channel (the same object, filled in
 * as the response goes). Times are `performance.now()` milliseconds. @internal
 */
export class Trace extends ResponseTally {
  constructor(
    readonly res: NodeResponse,
    readonly response: Response,
    readonly request: Request | undefined
  ) {
    super()
    this.emit('start')
  }

  protected emit(type: LifecycleType): void {
    CHANNEL_OF[type].publish(this)
  }

  /** A body chunk went to Node. */
  chunk(value: Uint8Array | string): void {
    this.counted(typeof value === 'string' ? Buffer.byteLength(value) : value.byteLength)
  }

  /**
   * The response is done. A clean end is published once Node has handed the last byte to the
   * OS (`'finish'`); a client that leaves first makes it a `disconnect`.
   */
  finish(reason: CloseReason): void {
    if (this.reason !== undefined) return
    if (reason !== 'end' || this.res.writableFinished) return this.done(reason)
    this.res.once('finish', () => this.done('end'))
    this.res.once('close', () => this.done('disconnect'))
  }

  private done(reason: CloseReason): void {
    this.ended(reason)
  }
}
