/**
 * A client that leaves mid-stream: the source is cancelled with a reason and an endless
 * generator's `finally` runs promptly, through every HTTP adapter.
 */
import { describe, expect, it } from 'vitest'
import { StreamingResponse } from '../../src/streaming'
import { describeAdapters, HTTP_ADAPTERS } from '../helpers/describe-adapters'

/** Rejects when `promise` has not settled within `ms` (the 1 s bound). */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms).unref()
    ),
  ])
}

function endless() {
  let ran!: () => void
  const finallyRan = new Promise<void>((resolve) => (ran = resolve))
  let yielded = 0
  async function* ticks(): AsyncGenerator<string> {
    try {
      for (;;) {
        yielded++
        yield `tick ${yielded}\n`
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
    } finally {
      ran()
    }
  }
  return { ticks, finallyRan, count: () => yielded }
}

describe('disconnect', () => {
  describeAdapters(
    'endless generator',
    (t) => {
      it("runs the generator's finally within 1 s when the client aborts after the first chunk", async () => {
        const source = endless()
        const controller = new AbortController()
        const res = await t.fetch(() => new StreamingResponse(source.ticks()), '/', {
          signal: controller.signal,
        })
        const reader = res.body!.getReader()
        const first = await reader.read()
        expect(new TextDecoder().decode(first.value)).toContain('tick 1')
        controller.abort()
        await within(source.finallyRan, 1000, "the generator's finally")
        const after = source.count()
        await new Promise((resolve) => setTimeout(resolve, 50))
        expect(source.count()).toBe(after)
      })
    },
    HTTP_ADAPTERS
  )
})
