import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { SSEResponse, StreamingResponse } from '../src/index'
import { getState } from '../src/internal/core/state'
import { toNodeListener } from '../src/adapters/node'
import { serve, type FetchHandler, type TestServer } from './helpers/serve'

const decoder = new TextDecoder()

/** A promise the test resolves when it chooses. */
function gate(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}

describe('StreamingResponse', () => {
  describe('construction', () => {
    it('is a Response with no content-type and no content-length by default', () => {
      const res = new StreamingResponse(['a'])
      expect(res).toBeInstanceOf(Response)
      expect(res.headers.get('content-type')).toBeNull()
      expect(res.headers.get('content-length')).toBeNull()
    })

    it('sets content-type from mediaType and keeps a caller content-length', () => {
      const res = new StreamingResponse(['abc'], {
        mediaType: 'text/plain',
        headers: { 'content-length': '3' },
      })
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
      expect(res.headers.get('content-length')).toBe('3')
    })

    it('throws a TypeError for a source of another kind', () => {
      expect(() => new StreamingResponse(42 as never)).toThrow(TypeError)
      expect(() => new StreamingResponse({} as never)).toThrow(/StreamingResponse source must be/)
      expect(() => new StreamingResponse(null as never)).toThrow(/got null/)
    })

    it('throws a RangeError for a bad highWaterMark', () => {
      expect(() => new StreamingResponse([], { highWaterMark: -1 })).toThrow(RangeError)
    })
  })

  describe('body', () => {
    it('reads every source kind as text', async () => {
      async function* agen() {
        yield 'as'
        yield 'ync'
      }
      expect(await new StreamingResponse(agen()).text()).toBe('async')
      expect(await new StreamingResponse(() => ['f', 'n']).text()).toBe('fn')
      expect(await new StreamingResponse(Readable.from([Buffer.from('node')])).text()).toBe('node')
      expect(await new StreamingResponse(new Response('web').body!).text()).toBe('web')
      expect(await new StreamingResponse('plain €').text()).toBe('plain €')
      expect(await new StreamingResponse(new Uint8Array([0, 255])).bytes()).toEqual(
        new Uint8Array([0, 255])
      )
    })

    it('gives an empty body for an empty source', async () => {
      expect(await new StreamingResponse([]).text()).toBe('')
    })

    it('delivers each chunk as it is produced, without coalescing', async () => {
      const reader = new StreamingResponse(['one', 'two', 'three']).body!.getReader()
      const chunks: string[] = []
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        chunks.push(decoder.decode(r.value))
      }
      expect(chunks).toEqual(['one', 'two', 'three'])
    })

    it('errors the body with a TypeError naming a bad chunk type and reports it', async () => {
      const onError = vi.fn()
      const res = new StreamingResponse(['ok', { no: 1 }] as never, { onError })
      await expect(res.text()).rejects.toThrow(/chunks must be strings or bytes, got Object/)
      expect(onError).toHaveBeenCalledWith(expect.any(TypeError), { phase: 'stream' })
    })

    it('closes the source when init.signal aborts (request.signal on Bun and workerd)', async () => {
      let finallyRuns = 0
      async function* gen() {
        try {
          for (;;) yield 'x'
        } finally {
          finallyRuns++
        }
      }
      const controller = new AbortController()
      const res = new StreamingResponse(gen(), { signal: controller.signal })
      const reader = res.body!.getReader()
      await reader.read()
      controller.abort()
      await vi.waitFor(() => expect(finallyRuns).toBe(1))
    })

    it('calls onClose once when the source ends', async () => {
      const onClose = vi.fn()
      await new StreamingResponse(['x'], { onClose }).text()
      expect(onClose).toHaveBeenCalledOnce()
    })
  })

  describe('iterate (Node fast path)', () => {
    it('offers an iterator over the same chunks and runs finally once on return()', async () => {
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
      const res = new StreamingResponse(gen(), { onClose })
      const state = getState(res)!
      if (state.stream === null || state.stream.used) return // eager mode: the native body owns it
      const iterator = state.stream.take()
      expect(decoder.decode((await iterator.next()).value as Uint8Array)).toBe('a')
      await iterator.return!(new Error('client left'))
      await iterator.return!(new Error('client left'))
      expect(finallyRuns).toBe(1)
      expect(onClose).toHaveBeenCalledOnce()
      expect(() => state.stream!.stream()).toThrow(/already been used/)
    })
  })

  describe('prepare', () => {
    const get = new Request('http://x/')

    it('reads ahead the first chunk and sends it first', async () => {
      let started = 0
      async function* gen() {
        started++
        yield 'a'
        yield 'b'
      }
      const res = new StreamingResponse(gen())
      expect(started).toBe(0)
      expect(await res.prepare(get)).toBe(res)
      expect(started).toBe(1)
      expect(await res.text()).toBe('ab')
    })

    it('rejects with the error of a source that fails before its first chunk, unreported', async () => {
      const onError = vi.fn()
      const onClose = vi.fn()
      // eslint-disable-next-line require-yield
      async function* early() {
        await Promise.resolve()
        throw new Error('before first')
      }
      const res = new StreamingResponse(early(), { onError, onClose })
      await expect(res.prepare(get)).rejects.toThrow('before first')
      expect(onError).not.toHaveBeenCalled()
      expect(onClose).toHaveBeenCalledWith(
        'error',
        expect.objectContaining({ message: 'before first' })
      )
    })

    it('does not start the source for HEAD', async () => {
      let started = 0
      async function* gen() {
        started++
        yield 'a'
      }
      const res = new StreamingResponse(gen())
      expect(await res.prepare(new Request('http://x/', { method: 'HEAD' }))).toBe(res)
      expect(started).toBe(0)
    })

    it('reads past the SSE retry line, which still goes first, also for an empty source', async () => {
      const onError = vi.fn()
      // eslint-disable-next-line require-yield
      async function* early() {
        await Promise.resolve()
        throw new Error('no events')
      }
      await expect(new SSEResponse(early(), { retry: 5, onError }).prepare(get)).rejects.toThrow(
        'no events'
      )
      const one = new SSEResponse(['x'], { retry: 5 })
      await one.prepare(get)
      expect(await one.text()).toBe('retry: 5\n\ndata: x\n\n')
      const empty = new SSEResponse([], { retry: 5 })
      await empty.prepare(get)
      expect(await empty.text()).toBe('retry: 5\n\n')
    })
  })

  describe('primed', () => {
    it('rejects when the source throws before its first chunk', async () => {
      // eslint-disable-next-line require-yield
      async function* early() {
        throw new Error('no data')
      }
      await expect(StreamingResponse.primed(early())).rejects.toThrow('no data')
    })

    it('sends the first chunk then the rest, and closes the source on cancel', async () => {
      let finallyRuns = 0
      async function* gen() {
        try {
          yield 'first,'
          yield 'second'
          yield 'third'
        } finally {
          finallyRuns++
        }
      }
      const res = await StreamingResponse.primed(gen(), { mediaType: 'text/plain' })
      expect(res).toBeInstanceOf(StreamingResponse)
      const reader = res.body!.getReader()
      expect(decoder.decode((await reader.read()).value)).toBe('first,')
      expect(decoder.decode((await reader.read()).value)).toBe('second')
      await reader.cancel('bye')
      expect(finallyRuns).toBe(1)
    })

    it('closes the source and calls onClose once when the constructor throws', async () => {
      let finallyRuns = 0
      async function* gen() {
        try {
          yield 'a'
          yield 'b'
        } finally {
          finallyRuns++
        }
      }
      const onClose = vi.fn()
      const primed = StreamingResponse.primed(gen(), { headers: { 'x-bad': 'a\nb' }, onClose })
      await expect(primed).rejects.toThrow(/x-bad/)
      await vi.waitFor(() => expect(finallyRuns).toBe(1))
      expect(onClose).toHaveBeenCalledOnce()
    })
  })

  // The generic bridge reads `response.body`; toNodeListener takes the slot's iterator.
  describe.each([
    ['stream path (generic bridge)', undefined],
    ['iterate path (toNodeListener)', (handler: FetchHandler) => toNodeListener(handler)],
  ] as const)('over HTTP: %s', (_name, makeListener) => {
    let server: TestServer
    let finallyRuns = 0
    let closed = 0
    let aborts = new AbortController()
    // Holds `/abort`'s second part until the test has aborted, so it is never sent first.
    let partTwo = gate()
    let abortedFinally = 0
    const abortErrors = vi.fn()
    let release: () => void = () => {}
    const cleanedUp = new Promise<void>((resolve) => (release = resolve))

    beforeAll(async () => {
      const handler: FetchHandler = (request) => {
        const path = new URL(request.url).pathname
        if (path === '/abort') {
          aborts = new AbortController()
          const held = partTwo.promise
          return new StreamingResponse(
            (async function* () {
              try {
                yield 'part1 '
                await held
                yield 'part2'
              } finally {
                abortedFinally++
              }
            })(),
            { signal: aborts.signal, onError: abortErrors }
          )
        }
        if (path === '/fail') {
          return new StreamingResponse(
            (async function* () {
              yield 'partial'
              throw new Error('mid-stream')
            })(),
            { onError: () => {} }
          )
        }
        async function* endless() {
          try {
            for (let i = 0; ; i++) {
              yield `tick ${i}\n`
              await new Promise((resolve) => setTimeout(resolve, 5))
            }
          } finally {
            finallyRuns++
          }
        }
        return new StreamingResponse(endless(), {
          mediaType: 'text/plain',
          onClose: () => {
            closed++
            release()
          },
        })
      }
      server = await serve(handler, makeListener?.(handler))
    })
    afterAll(() => server.close())

    it('streams chunks and runs finally once when the client leaves', async () => {
      const controller = new AbortController()
      const res = await fetch(server.url, { signal: controller.signal })
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
      expect(res.headers.get('content-length')).toBeNull()
      const reader = res.body!.getReader()
      const first = decoder.decode((await reader.read()).value)
      expect(first).toContain('tick 0')
      controller.abort()
      await cleanedUp
      await vi.waitFor(() => expect(finallyRuns).toBe(1))
      expect(closed).toBe(1)
    })

    it('breaks the connection instead of ending cleanly when init.signal aborts', async () => {
      partTwo = gate()
      const res = await fetch(`${server.url}/abort`)
      const reader = res.body!.getReader()
      expect(decoder.decode((await reader.read()).value)).toBe('part1 ')
      aborts.abort()
      partTwo.resolve()
      await expect(
        (async () => {
          for (let r = await reader.read(); !r.done; r = await reader.read());
        })()
      ).rejects.toThrow()
      await vi.waitFor(() => expect(abortedFinally).toBe(1))
      expect(abortErrors).not.toHaveBeenCalled()
    })

    it('breaks the connection instead of ending cleanly on a mid-stream error', async () => {
      // Whether the headers got out first or not, the client never sees a clean end.
      const body = fetch(`${server.url}/fail`).then((res) => res.text())
      await expect(body).rejects.toThrow()
    })
  })
})
