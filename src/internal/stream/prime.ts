/**
 * Primes a source: opens it and waits for its first item, so an error before the first
 * chunk rejects while the response can still become a 500 (h3's `iterable()` does this).
 *
 * @internal
 * @module
 */
import { openSource, type StreamSource } from './source'

/** Resolves to an async iterable that yields the already-read first item, then the rest. @internal */
export async function primeSource(
  source: StreamSource,
  label: string
): Promise<AsyncIterable<unknown>> {
  const open = openSource(source, label)
  let first: IteratorResult<unknown> | null = await open.next()
  const iterator: AsyncIterator<unknown> = {
    next: async () => {
      const result = first ?? open.next()
      first = null
      return result
    },
    return: async (reason?: unknown) => {
      first = null
      await open.close(reason)
      return { done: true, value: undefined }
    },
  }
  return { [Symbol.asyncIterator]: () => iterator }
}
