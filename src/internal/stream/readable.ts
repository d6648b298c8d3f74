/**
 * THE one way to make a body stream (DESIGN rule 3). Every streaming class and FileResponse
 * turns its source into bytes here: `iterateSource` gives the iterator the Node writer uses,
 * `iterableStream` the pull-based `ReadableStream` every other consumer reads. Both advance
 * the source only when asked (backpressure by construction, as h3's `iterable()`), and both
 * close it exactly once: a generator's `finally`, a Node `Readable`'s `destroy()` or a
 * `ReadableStream` reader's `cancel()` runs when the reader leaves.
 *
 * Both read through the one iterator object of `source-iterator.ts`.
 *
 * Iterables are always wrapped in our own `ReadableStream`: Bun once appended an async
 * generator's return value to the body when handed the iterable directly (bun#40216).
 *
 * @internal
 * @module
 */
import { SourceIterator, type ByteIterator, type IterateOptions } from './body'
import type { StreamSource } from './source'

export type { StreamSource } from './source'
export { assertStreamSource } from './source'
export { READ, typeName } from './body'
export type { ByteIterator, ChunkReader, IterateOptions } from './body'

/**
 * Opens `source` lazily (a function source is called on the first read) and returns an
 * iterator of non-empty byte chunks. `return(reason)` stops the keep-alive, closes the source
 * and calls `onClose`, once; it never rejects. A failure closes the same way, reports the error
 * to `onError` and rejects the pending `next()` with it.
 *
 * @internal
 */
export function iterateSource(source: StreamSource, options: IterateOptions = {}): ByteIterator {
  return new SourceIterator(source, options)
}

/**
 * A pull-based `ReadableStream` over {@link iterateSource}: `pull` asks for exactly one chunk,
 * so the source is never more than `highWaterMark` chunks ahead of the reader; `cancel`
 * closes the source. A source error errors the stream (the reader sees it).
 *
 * @param highWaterMark - chunks buffered ahead of the reader @defaultValue 1
 * @internal
 */
export function iterableStream(
  source: StreamSource,
  options: IterateOptions = {},
  highWaterMark = 1
): ReadableStream<Uint8Array> {
  const iterator = iterateSource(source, options)
  let cancelled = false
  return new ReadableStream<Uint8Array>(
    {
      pull: (controller) =>
        iterator.next().then((result) => {
          if (cancelled) return
          if (result.done) controller.close()
          else controller.enqueue(result.value)
        }),
      cancel(reason) {
        cancelled = true
        return iterator.return(reason).then(() => undefined)
      },
    },
    { highWaterMark }
  )
}
