/**
 * Sources: what a user hands a streaming body. Recognises every kind (iterables, generators, a
 * function returning one, a `ReadableStream`, a Node `Readable`, a string, bytes) and opens it
 * as one shape: `next()` for the next item and `close(reason)` to let it go early. Node
 * `Readable`s are recognised by duck typing (`Symbol.asyncIterator` plus `destroy`), so the
 * root entry needs no `node:` import (docs/architecture.md, "Edge-safe entries").
 *
 * @internal
 * @module
 */
import { isBinary } from '../core/bytes'

/** What a streaming body accepts: iterables, generators, a function returning one (called once, when the body is first read), a `ReadableStream`, a Node `Readable`, a string or bytes. */
export type StreamSource =
  | string
  | ArrayBuffer
  | ArrayBufferView
  | ReadableStream<unknown>
  | AsyncIterable<unknown>
  | Iterable<unknown>
  | (() => AsyncIterable<unknown> | Iterable<unknown> | ReadableStream<unknown>)

/** An opened source. @internal */
export interface OpenSource {
  next(): IteratorResult<unknown> | Promise<IteratorResult<unknown>>
  close(reason: unknown): unknown
}

interface Destroyable {
  destroy(error?: Error): unknown
}

function isReadableStream(value: object): value is ReadableStream<unknown> {
  return typeof (value as { getReader?: unknown }).getReader === 'function'
}

function hasMethod(value: object, key: PropertyKey): boolean {
  return typeof (value as Record<PropertyKey, unknown>)[key] === 'function'
}

/** Throws a `TypeError` naming `label` unless `source` is something a stream can be made of. @internal */
export function assertStreamSource(source: unknown, label: string): asserts source is StreamSource {
  if (typeof source === 'string' || typeof source === 'function') return
  if (typeof source === 'object' && source !== null) {
    if (isBinary(source) || isReadableStream(source)) return
    if (hasMethod(source, Symbol.asyncIterator) || hasMethod(source, Symbol.iterator)) return
  }
  const kind =
    source === null ? 'null' : typeof source === 'object' ? 'a plain object' : typeof source
  throw new TypeError(
    `${label} source must be an iterable, async iterable, generator, ReadableStream, Readable, string or bytes, got ${kind}`
  )
}

function single(value: unknown): OpenSource {
  let sent = false
  return {
    next: () => {
      if (sent) return { done: true, value: undefined }
      sent = true
      return { done: false, value }
    },
    close: () => undefined,
  }
}

/** An iterator, sync or async; a class, so an idle stream holds no closures. */
class IteratorOpen implements OpenSource {
  declare private readonly iterator: Iterator<unknown> | AsyncIterator<unknown>
  declare private readonly sync: boolean
  declare private readonly destroyable: Destroyable | undefined

  constructor(
    iterator: Iterator<unknown> | AsyncIterator<unknown>,
    sync: boolean,
    destroyable?: Destroyable
  ) {
    this.iterator = iterator
    this.sync = sync
    this.destroyable = destroyable
  }
  next(): IteratorResult<unknown> | Promise<IteratorResult<unknown>> {
    const result = this.iterator.next()
    if (!this.sync) return result
    // Like `for await`: a sync iterable of promises yields their values.
    const value: unknown = (result as IteratorResult<unknown>).value
    if (
      (result as IteratorResult<unknown>).done ||
      typeof (value as { then?: unknown } | null)?.then !== 'function'
    ) {
      return result
    }
    return Promise.resolve(value).then((resolved) => ({ done: false, value: resolved }))
  }
  close(reason: unknown): unknown {
    // A Node Readable: destroy() settles a pending read at once; the iterator's return()
    // alone would wait for it (return is queued behind next on async generators).
    this.destroyable?.destroy()
    return this.iterator.return?.(reason)
  }
}

/** Opens `source`; calls a function source first. Throws `TypeError` for anything else. @internal */
export function openSource(source: unknown, label: string): OpenSource {
  if (typeof source === 'function') {
    const produced: unknown = (source as () => unknown)()
    if (typeof produced === 'function') {
      throw new TypeError(`${label} source function must return a source, got a function`)
    }
    return openSource(produced, label)
  }
  assertStreamSource(source, label)
  if (typeof source === 'string' || isBinary(source)) return single(source)
  if (isReadableStream(source)) {
    const reader = source.getReader()
    return { next: () => reader.read(), close: (reason) => reader.cancel(reason) }
  }
  if (hasMethod(source, Symbol.asyncIterator)) {
    const iterator = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]()
    return new IteratorOpen(
      iterator,
      false,
      hasMethod(source, 'destroy') ? (source as unknown as Destroyable) : undefined
    )
  }
  return new IteratorOpen((source as Iterable<unknown>)[Symbol.iterator](), true)
}

/**
 * Reads any source to its end as an async generator, and lets it go (a `ReadableStream`
 * cancelled, a generator returned, a `Readable` destroyed) when the consumer stops early: the
 * one "read a stream, release it on early exit" loop. @internal
 */
export async function* readSource<T = unknown>(
  source: StreamSource,
  label = 'stream'
): AsyncGenerator<T, void, undefined> {
  const open = openSource(source, label)
  let done = false
  try {
    for (;;) {
      const result = await open.next()
      if (result.done) {
        done = true
        return
      }
      yield result.value as T
    }
  } catch (error) {
    // A source that failed has closed itself: nothing to release.
    done = true
    throw error
  } finally {
    if (!done) await Promise.resolve(open.close(new Error(`${label} closed early`))).catch(() => {})
  }
}
