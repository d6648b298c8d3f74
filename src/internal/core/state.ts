/**
 * The raw-body slot every response-kit instance carries (docs/architecture.md, "The raw body
 * kept aside"): what the class rendered, kept aside so the Node writer can send it without a
 * `ReadableStream`, and the header pairs, kept as a list until someone reads
 * `response.headers`.
 *
 * The key is `Symbol.for(...)` so that the ESM and CJS builds, or two installed copies,
 * recognise each other's instances (a brand, never `constructor.name`).
 *
 * @internal
 * @module
 */
import type { Body } from '../stream/body'
import type { HeaderPair } from './headers'
import type { BackgroundTask, ErrorHandler } from '../../response'

/** The brand and slot key. @internal */
export const STATE: unique symbol = Symbol.for('response-kit.state') as never

/** The slot itself. @internal */
export interface ResponseState {
  /** Header pairs until `headers` is first read; `null` once `Headers` owns them. */
  pairs: HeaderPair[] | null
  /** The materialised `Headers`, once read (lazy mode), or the native one (eager mode). */
  headers: Headers | null
  /**
   * Fixed body as rendered: a string (UTF-8), bytes or a `Blob` (read only by the runtime or,
   * on Node, by the writer as a stream); null for no body or a stream.
   */
  body: string | Uint8Array | Blob | null
  /** Streaming body, for classes that stream; the writer or `body` takes it, once. */
  stream: Body | null
  /** The native `Response` the body accessors delegate to, once built (lazy mode). */
  inner: Response | null
  /** Background tasks still to run; emptied when they start, so they run once. */
  background: BackgroundTask[]
  /** Where background and stream errors go. */
  onError: ErrorHandler | undefined
}

/** Returns the slot of a response-kit instance, or undefined for any other value. @internal */
export function getState(value: unknown): ResponseState | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  return (value as { [STATE]?: ResponseState })[STATE]
}

/** Takes the background tasks out of the slot, so whoever runs them runs them once. @internal */
export function takeBackground(state: ResponseState): BackgroundTask[] {
  const tasks = state.background
  state.background = []
  return tasks
}
