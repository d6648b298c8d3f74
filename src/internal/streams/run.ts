/**
 * The pieces of a resumable stream that do not depend on its wire format: the key of a
 * stream's log, the checked limits, starting the producer once per id, and reading the log
 * (replay, then live tail) as items. `resumableStream` sends these items as SSE events;
 * `resumableUIMessageStream` sends them as UI message stream frames.
 *
 * @internal
 * @module
 */
import type { ErrorHandler } from '../../index'
import { DAY, positiveInt } from './checks'
import { runProducer, type Producer } from './producer'
import { tail, type TailItem } from './tail'
import type { StreamStore, WriteLimits } from './types'
import type { BatchOptions } from './writer'

/** The options shared by every resumable stream, whatever its format. */
export interface RunOptions {
  leaseMs?: number
  ttlMs?: number
  maxLen?: number
  batch?: { maxEvents?: number; maxDelayMs?: number }
  maxQueue?: number
  waitUntil?: ((promise: Promise<unknown>) => void) | undefined
}

/** The checked form of {@link RunOptions}. */
export interface RunSettings {
  limits: WriteLimits
  batch: BatchOptions
  maxQueue: number
}

/** The key of a stream's log; `{…}` keeps a stream's keys on one Redis Cluster slot. */
export function streamKey(id: string): string {
  return `s:{${id}}`
}

/** Checks the numbers of `options`; throws `RangeError` naming the field. */
export function runSettings(options: RunOptions): RunSettings {
  return {
    limits: {
      leaseMs: positiveInt(options.leaseMs, 'options.leaseMs', 5000, 10),
      ttlMs: positiveInt(options.ttlMs, 'options.ttlMs', DAY, 1000),
      maxLen: positiveInt(options.maxLen, 'options.maxLen', 100_000),
    },
    batch: {
      maxEvents: positiveInt(options.batch?.maxEvents, 'options.batch.maxEvents', 512),
      maxDelayMs: positiveInt(options.batch?.maxDelayMs, 'options.batch.maxDelayMs', 0, 0),
    },
    maxQueue: positiveInt(options.maxQueue, 'options.maxQueue', 1024),
  }
}

/**
 * Starts `producer` for `key` unless its log exists or another instance holds the lease;
 * resolves `true` when this call started it.
 */
export async function startOnce(
  store: StreamStore,
  key: string,
  producer: Producer,
  settings: RunSettings,
  onError: ErrorHandler | undefined,
  waitUntil: RunOptions['waitUntil']
): Promise<boolean> {
  const token = await store.claim(key, settings.limits)
  if (token <= 0) return false
  const run = runProducer(store, key, token, producer, settings.limits, settings.batch, onError)
  waitUntil?.(run)
  return true
}

/** The log of `key` after `after`: the replay, then the live tail, until its terminal entry. */
export function logItems(
  store: StreamStore,
  key: string,
  after: number,
  settings: Pick<RunSettings, 'limits' | 'maxQueue'>,
  signal: AbortSignal | undefined
): AsyncGenerator<TailItem, void, undefined> {
  const checkMs = Math.max(Math.floor(settings.limits.leaseMs / 4), 5)
  return tail(store, key, after, { page: 256, maxQueue: settings.maxQueue, checkMs, signal })
}
