import { Readable } from 'node:stream'
import { describe, expect, it, vi } from 'vitest'
import { Body, type BodyOptions } from '../../src/internal/stream/body'
import type { StreamSource } from '../../src/internal/stream/source'

/** The options these tests give; `onError` and `onClose` are called with the error only. */
interface Options {
  onError?(error: unknown): void
  onClose?(): void
  label?: string
  prefix?: string
  map?(item: unknown): Uint8Array | string | null
  heartbeat?: { ms: number; chunk(): Uint8Array | string }
  signal?: AbortSignal
}

function bodyOf(source: unknown, o: Options = {}, highWaterMark = 1): Body {
  const options: BodyOptions = { label: o.label ?? 'stream', highWaterMark, ...o }
  return new Body(source as StreamSource, {
    ...options,
    onError: o.onError && ((error) => o.onError!(error)),
    onClose: o.onClose && (() => o.onClose!()),
  })
}

/** The Node writer's side: the body read as an async iterator. */
const iterateSource = (source: unknown, o?: Options) => bodyOf(source, o)
/** Every other reader's side: the body as a `ReadableStream`. */
const iterableStream = (source: unknown, o?: Options, highWaterMark?: number) =>
  bodyOf(source, o, highWaterMark).stream()

const text = new TextDecoder()

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string[]> {
  const chunks: string[] = []
  const reader = stream.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return chunks
    chunks.push(text.decode(value))
  }
}

async function drain(iterator: AsyncIterator<Uint8Array>): Promise<string[]> {
  const chunks: string[] = []
  for (;;) {
    const result = await iterator.next()
    if (result.done) return chunks
    chunks.push(text.decode(result.value))
  }
}

describe('Body', () => {
  describe('sources', () => {
    it('reads sync and async generators, arrays, functions, strings and bytes', async () => {
      async function* agen() {
        yield 'a'
        yield new Uint8Array([98])
      }
      function* gen() {
        yield new Uint16Array([0x6463]).buffer
        yield new DataView(new Uint8Array([101]).buffer)
      }
      expect(await readAll(iterableStream(agen()))).toEqual(['a', 'b'])
      expect(await readAll(iterableStream(gen()))).toEqual(['cd', 'e'])
      expect(await readAll(iterableStream(['x', 'y']))).toEqual(['x', 'y'])
      expect(await readAll(iterableStream(() => agen()))).toEqual(['a', 'b'])
      expect(await readAll(iterableStream('héllo'))).toEqual(['héllo'])
      expect(await readAll(iterableStream(new Uint8Array([104, 105])))).toEqual(['hi'])
    })

    it('reads a ReadableStream and a Node Readable', async () => {
      const web = new Response('web body').body!
      expect((await readAll(iterableStream(web))).join('')).toBe('web body')
      expect(await readAll(iterableStream(Readable.from(['n1', 'n2'])))).toEqual(['n1', 'n2'])
    })

    it('awaits promises yielded by a sync iterable, as for await does', async () => {
      expect(await readAll(iterableStream([Promise.resolve('p'), 'q']))).toEqual(['p', 'q'])
    })

    it('ends at once for empty sources and skips empty chunks', async () => {
      expect(await readAll(iterableStream([]))).toEqual([])
      expect(await readAll(iterableStream(''))).toEqual([])
      expect(await readAll(iterableStream(['', 'a', new Uint8Array(0)]))).toEqual(['a'])
    })
  })

  describe('errors', () => {
    it('errors with a TypeError naming the chunk type and reports it', async () => {
      const onError = vi.fn()
      const stream = iterableStream(['ok', 42], { onError, label: 'StreamingResponse' })
      await expect(readAll(stream)).rejects.toThrow(
        'StreamingResponse chunks must be strings or bytes, got number'
      )
      expect(onError).toHaveBeenCalledOnce()
      await expect(readAll(iterableStream([{}], { onError }))).rejects.toThrow('got Object')
      expect(onError).toHaveBeenCalledTimes(2)
    })

    it('errors the stream mid-way with the producer error and closes once', async () => {
      const onError = vi.fn()
      const onClose = vi.fn()
      async function* failing() {
        yield 'first'
        throw new Error('boom')
      }
      const reader = iterableStream(failing(), { onError, onClose }).getReader()
      expect(text.decode((await reader.read()).value)).toBe('first')
      await expect(reader.read()).rejects.toThrow('boom')
      expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'boom' }))
      expect(onClose).toHaveBeenCalledOnce()
    })

    it('errors when the source throws before its first chunk', async () => {
      const onError = vi.fn()
      // eslint-disable-next-line require-yield
      async function* early() {
        throw new Error('before first')
      }
      await expect(readAll(iterableStream(early(), { onError }))).rejects.toThrow('before first')
      const throwingFn = () => {
        throw new Error('factory failed')
      }
      await expect(readAll(iterableStream(throwingFn, { onError }))).rejects.toThrow(
        'factory failed'
      )
      expect(onError).toHaveBeenCalledTimes(2)
    })

    it('reports an erroring ReadableStream source once on both paths', async () => {
      const erroring = () =>
        new ReadableStream({
          pull(controller) {
            controller.error(new Error('rs boom'))
          },
        })
      const onError = vi.fn()
      const onClose = vi.fn()
      await expect(readAll(iterableStream(erroring(), { onError, onClose }))).rejects.toThrow(
        'rs boom'
      )
      await expect(iterateSource(erroring, { onError, onClose }).next()).rejects.toThrow('rs boom')
      // The cancel of the already-errored reader rejects with the same error a tick later.
      await new Promise((resolve) => setTimeout(resolve, 10))
      expect(onError).toHaveBeenCalledTimes(2)
      expect(onClose).toHaveBeenCalledTimes(2)
    })

    it('closes the source when a chunk is rejected, running its finally', async () => {
      let finallyRuns = 0
      function* gen() {
        try {
          yield 'a'
          yield 1
          yield 'never'
        } finally {
          finallyRuns++
        }
      }
      const onError = vi.fn()
      await expect(readAll(iterableStream(gen(), { onError }))).rejects.toThrow(TypeError)
      expect(finallyRuns).toBe(1)
      expect(onError).toHaveBeenCalledOnce()
    })
  })

  describe('backpressure', () => {
    it('advances a 1,000,000-chunk generator at most 10 + highWaterMark times for 10 reads', async () => {
      let advanced = 0
      function* many() {
        for (let i = 0; i < 1_000_000; i++) {
          advanced++
          yield 'x'
        }
      }
      const highWaterMark = 4
      const reader = iterableStream(many(), {}, highWaterMark).getReader()
      for (let i = 0; i < 10; i++) await reader.read()
      await new Promise((resolve) => setTimeout(resolve, 20))
      expect(advanced).toBeLessThanOrEqual(10 + highWaterMark)
      expect(advanced).toBeGreaterThanOrEqual(10)
      await reader.cancel('done')
    })
  })

  describe('cancellation', () => {
    it('runs the generator finally once and calls onClose once', async () => {
      let finallyRuns = 0
      const onClose = vi.fn()
      async function* endless() {
        try {
          for (;;) yield 'tick'
        } finally {
          finallyRuns++
        }
      }
      const reader = iterableStream(endless(), { onClose }).getReader()
      await reader.read()
      await reader.cancel(new Error('client left'))
      await reader.cancel(new Error('again')).catch(() => {})
      await new Promise((resolve) => setTimeout(resolve, 0))
      expect(finallyRuns).toBe(1)
      expect(onClose).toHaveBeenCalledOnce()
    })

    it('cancels a ReadableStream source and destroys a Node Readable', async () => {
      const cancel = vi.fn()
      const web = new ReadableStream({ pull: (c) => c.enqueue(new Uint8Array([1])), cancel })
      const reader = iterableStream(web).getReader()
      await reader.read()
      await reader.cancel('bye')
      expect(cancel).toHaveBeenCalledWith('bye')

      const node = new Readable({ read() {} })
      node.push('a')
      const nodeReader = iterableStream(node).getReader()
      await nodeReader.read()
      const pendingRead = nodeReader.read()
      await nodeReader.cancel('bye')
      expect(await pendingRead).toEqual({ done: true, value: undefined })
      expect(node.destroyed).toBe(true)
    })

    it('reports a finally block that throws during cancel', async () => {
      const onError = vi.fn()
      async function* badCleanup() {
        try {
          yield 'a'
          yield 'b'
        } finally {
          // eslint-disable-next-line no-unsafe-finally
          throw new Error('cleanup failed')
        }
      }
      const reader = iterableStream(badCleanup(), { onError }).getReader()
      await reader.read()
      await reader.cancel()
      await vi.waitFor(() => expect(onError).toHaveBeenCalledOnce())
    })
  })
})

describe('iterateSource', () => {
  it('sends the prefix first and maps items, skipping null', async () => {
    const iterator = iterateSource([1, 2, 3], {
      prefix: 'start;',
      map: (n) => (n === 2 ? null : `n${String(n)};`),
    })
    expect(await drain(iterator)).toEqual(['start;', 'n1;', 'n3;'])
  })

  it('runs the source cleanup exactly once when return() is called twice', async () => {
    let finallyRuns = 0
    const onClose = vi.fn()
    async function* gen() {
      try {
        yield 'a'
        yield 'b'
      } finally {
        finallyRuns++
      }
    }
    const iterator = iterateSource(gen(), { onClose })
    await iterator.next()
    await iterator.return(new Error('left'))
    await iterator.return(new Error('left again'))
    expect(await iterator.next()).toEqual({ done: true, value: undefined })
    expect(finallyRuns).toBe(1)
    expect(onClose).toHaveBeenCalledOnce()
  })

  describe('heartbeat', () => {
    it('sends the heartbeat chunk while the source is silent, then the item', async () => {
      vi.useFakeTimers()
      try {
        let release: (value: string) => void = () => {}
        async function* slow() {
          yield await new Promise<string>((resolve) => (release = resolve))
        }
        const iterator = iterateSource(slow(), { heartbeat: { ms: 1000, chunk: () => 'ping' } })
        const first = iterator.next()
        await vi.advanceTimersByTimeAsync(1000)
        expect(text.decode((await first).value!)).toBe('ping')
        const second = iterator.next()
        release('item')
        expect(text.decode((await second).value!)).toBe('item')
        const end = iterator.next()
        expect(await end).toEqual({ done: true, value: undefined })
        expect(vi.getTimerCount()).toBe(0)
      } finally {
        vi.useRealTimers()
      }
    })

    it('sends no heartbeat while items come faster than ms, with at most one timer', async () => {
      vi.useFakeTimers()
      try {
        async function* steady() {
          for (let i = 0; i < 5; i++) {
            yield await new Promise<string>((resolve) => setTimeout(resolve, 600, `item${i}`))
          }
        }
        const iterator = iterateSource(steady(), { heartbeat: { ms: 1000, chunk: () => 'ping' } })
        const seen: string[] = []
        for (let i = 0; i < 5; i++) {
          const next = iterator.next()
          await vi.advanceTimersByTimeAsync(600)
          // The source's own timer plus at most one heartbeat timer.
          expect(vi.getTimerCount()).toBeLessThanOrEqual(2)
          seen.push(text.decode((await next).value!))
        }
        expect(seen).toEqual(['item0', 'item1', 'item2', 'item3', 'item4'])
        expect(await iterator.next()).toEqual({ done: true, value: undefined })
        expect(vi.getTimerCount()).toBe(0)
      } finally {
        vi.useRealTimers()
      }
    })

    it('leaves no timer behind after return() while waiting', async () => {
      vi.useFakeTimers()
      try {
        async function* never() {
          yield await new Promise<string>(() => {})
        }
        const iterator = iterateSource(never(), { heartbeat: { ms: 1000, chunk: () => 'p' } })
        void iterator.next()
        await vi.advanceTimersByTimeAsync(10)
        expect(vi.getTimerCount()).toBe(1)
        await iterator.return()
        expect(vi.getTimerCount()).toBe(0)
      } finally {
        vi.useRealTimers()
      }
    })
  })
})

describe('closing before the first read', () => {
  it('destroys a Node Readable and cancels a ReadableStream that were never read', async () => {
    const node = new Readable({ read() {} })
    await iterateSource(node).return('HEAD request')
    expect(node.destroyed).toBe(true)
    const cancel = vi.fn()
    await iterateSource(new ReadableStream({ cancel })).return('HEAD request')
    expect(cancel).toHaveBeenCalledWith('HEAD request')
  })

  it('never calls a function source', async () => {
    const factory = vi.fn(() => ['x'])
    const onClose = vi.fn()
    await iterateSource(factory, { onClose }).return()
    expect(factory).not.toHaveBeenCalled()
    expect(onClose).toHaveBeenCalledOnce()
  })
})

describe('signal', () => {
  it('closes the source and calls onClose once when the signal aborts', async () => {
    let finallyRuns = 0
    const onClose = vi.fn()
    function* gen() {
      try {
        for (;;) yield 'x'
      } finally {
        finallyRuns++
      }
    }
    const controller = new AbortController()
    const reader = iterableStream(gen(), { onClose, signal: controller.signal }).getReader()
    await reader.read()
    controller.abort(new Error('request aborted'))
    expect(finallyRuns).toBe(1)
    expect(onClose).toHaveBeenCalledOnce()
    // The stream errors with the reason, never ends as if complete (docs/architecture.md, "One writer for Node").
    await expect(
      (async () => {
        for (let r = await reader.read(); !r.done; r = await reader.read());
      })()
    ).rejects.toThrow('request aborted')
    expect(onClose).toHaveBeenCalledOnce()
  })

  it('fails a read left waiting with the abort reason and reports nothing', async () => {
    const onError = vi.fn()
    const onClose = vi.fn()
    const controller = new AbortController()
    const iterator = iterateSource(
      (async function* () {
        yield 'a'
        await new Promise((resolve) => setTimeout(resolve, 20))
        yield 'b'
      })(),
      { onError, onClose, signal: controller.signal }
    )
    expect((await iterator.next()).done).toBe(false)
    const pending = iterator.next()
    controller.abort()
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' })
    await expect(iterator.next()).rejects.toMatchObject({ name: 'AbortError' })
    expect(onClose).toHaveBeenCalledOnce()
    expect(onError).not.toHaveBeenCalled()
  })

  it('fails from the start when the signal is already aborted', async () => {
    const onClose = vi.fn()
    const signal = AbortSignal.abort(new Error('gone already'))
    const iterator = iterateSource(['x'], { onClose, signal })
    await expect(iterator.next()).rejects.toThrow('gone already')
    expect(onClose).toHaveBeenCalledOnce()
  })
})
