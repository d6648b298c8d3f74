/**
 * Runs a producer once, under a lease, writing what it yields to the log. Its life is its own:
 * it ends by finishing, failing, being cancelled (from any instance) or losing its lease, never
 * because a client left.
 *
 * @internal
 * @module
 */
import type { ErrorHandler } from '../../index'
import type { StreamStore, WriteLimits } from './types'
import { LogWriter, type BatchOptions } from './writer'

/** What a producer yields: text (an event of the default type), or an event with a type. */
export type ProducedEvent =
  | string
  | {
      /** The SSE event type; `end` is reserved for the stream's last event. */
      event?: string
      /** The payload: a string as it is, anything else JSON-encoded. */
      data: unknown
    }

/** A function that starts the work; `signal` aborts when the stream is cancelled. */
export type Producer = (
  signal: AbortSignal
) => AsyncIterable<ProducedEvent> | Iterable<ProducedEvent>

/** The reasons a stream ends, as its `end` event reports them. */
export type EndReason = 'complete' | 'cancelled' | 'failed' | 'abandoned' | 'lost' | 'trimmed'

/** The data of an `end` event. */
export function endData(reason: EndReason): string {
  return JSON.stringify({ reason })
}

const STOP = Symbol('stop')

function toEntry(value: ProducedEvent): [string, string] {
  if (typeof value === 'string') return ['', value]
  if (value === null || typeof value !== 'object' || !('data' in value)) {
    throw new TypeError('a producer must yield strings or { event?, data } objects')
  }
  const event = value.event ?? ''
  if (typeof event !== 'string' || /[\r\n]/.test(event) || event === 'end') {
    throw new TypeError(`producer event type must be a string without CR/LF, not "end"`)
  }
  const data = typeof value.data === 'string' ? value.data : JSON.stringify(value.data)
  if (typeof data !== 'string') throw new TypeError('producer event data must be JSON-encodable')
  return [event, data]
}

function iteratorOf(source: unknown): AsyncIterator<ProducedEvent> | Iterator<ProducedEvent> {
  const s = source as Partial<AsyncIterable<ProducedEvent> & Iterable<ProducedEvent>> | null
  const asyncIterator = s?.[Symbol.asyncIterator]
  if (typeof asyncIterator === 'function') return asyncIterator.call(s)
  const iterator = s?.[Symbol.iterator]
  if (typeof iterator === 'function') return iterator.call(s)
  throw new TypeError('producer must return an async iterable or an iterable')
}

/** Runs `producer` holding `token`; resolves when its last entry is written or it was fenced. */
export async function runProducer(
  store: StreamStore,
  key: string,
  token: number,
  producer: Producer,
  limits: WriteLimits,
  batch: BatchOptions,
  onError: ErrorHandler | undefined
): Promise<void> {
  const controller = new AbortController()
  const report = (error: unknown) => {
    try {
      if (onError) onError(error, { phase: 'stream' })
      else console.error('[response-kit] resumable stream error:', error)
    } catch (hookError) {
      console.error('[response-kit] onError hook threw:', hookError)
    }
  }
  const writer = new LogWriter(store, key, token, limits, batch, (reason) => {
    report(reason)
    controller.abort(reason)
  })
  let cancelled = false
  const stopWatch = store.watchCancel(key, () => {
    cancelled = true
    controller.abort(new Error(`stream ${key} was cancelled`))
  })
  const renew = setInterval(() => writer.renew(), Math.max(limits.leaseMs / 3, 10))
  // One waiter at a time (not Promise.race against one shared promise, which would keep a
  // reaction per token alive until the stream ends).
  let wake: ((value: typeof STOP) => void) | undefined
  controller.signal.addEventListener('abort', () => wake?.(STOP), { once: true })
  const untilStopped = <T>(promise: T | Promise<T>): Promise<T | typeof STOP> =>
    controller.signal.aborted
      ? Promise.resolve(STOP)
      : new Promise<T | typeof STOP>((resolve, reject) => {
          wake = resolve
          Promise.resolve(promise).then(resolve, reject)
        })
  let iterator: AsyncIterator<ProducedEvent> | Iterator<ProducedEvent> | undefined
  let reason: EndReason = 'complete'
  try {
    iterator = iteratorOf(producer(controller.signal))
    for (;;) {
      const result = await untilStopped(iterator.next())
      if (result === STOP || result.done) break
      const [event, data] = toEntry(result.value)
      const wait = writer.push('event', event, data)
      if (wait) await untilStopped(wait)
    }
  } catch (error) {
    if (!controller.signal.aborted) {
      reason = 'failed'
      report(error)
    }
  } finally {
    clearInterval(renew)
    stopWatch()
  }
  if (controller.signal.aborted) {
    // Do not wait for a producer stuck in an await: ask it to stop and move on.
    void Promise.resolve()
      .then(() => iterator?.return?.())
      .catch(() => {})
    if (!cancelled) return
    reason = 'cancelled'
  }
  if (writer.fenced) return
  writer.push(
    reason === 'complete' || reason === 'cancelled' ? 'end' : 'error',
    'end',
    endData(reason)
  )
  await writer.drain()
}
