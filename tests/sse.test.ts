import { afterEach, describe, expect, it, vi } from 'vitest'
import { lastEventId, SSEResponse } from '../src/index'
import { getState } from '../src/internal/core/state'

const decoder = new TextDecoder()

describe('SSEResponse', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  describe('headers', () => {
    it('sets the event-stream type, no-cache, x-accel-buffering and no length', () => {
      const res = new SSEResponse([])
      expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
      expect(res.headers.get('cache-control')).toBe('no-cache')
      expect(res.headers.get('x-accel-buffering')).toBe('no')
      expect(res.headers.get('content-length')).toBeNull()
      expect(res.headers.get('connection')).toBeNull()
      expect(res.headers.get('transfer-encoding')).toBeNull()
    })

    it('lets the caller override cache-control', () => {
      const res = new SSEResponse([], { headers: { 'Cache-Control': 'no-store' } })
      expect(res.headers.get('cache-control')).toBe('no-store')
    })

    it('throws a TypeError for connection or transfer-encoding headers', () => {
      expect(() => new SSEResponse([], { headers: { connection: 'keep-alive' } })).toThrow(
        /connection header/
      )
      expect(() => new SSEResponse([], { headers: [['Transfer-Encoding', 'chunked']] })).toThrow(
        /transfer-encoding header/
      )
    })
  })

  describe('encoding', () => {
    it('sends strings as data and JSON-encodes non-string data', async () => {
      const res = new SSEResponse(['hi', { data: { a: 1 }, event: 'obj', id: 7 }], { ping: 0 })
      expect(await res.text()).toBe('data: hi\n\nevent: obj\nid: 7\ndata: {"a":1}\n\n')
    })

    it('splits data on CRLF, CR and LF and sends "" as one empty data line', async () => {
      const res = new SSEResponse([{ data: 'a\r\nb\rc\nd' }, { data: '' }], { ping: 0 })
      expect(await res.text()).toBe('data: a\ndata: b\ndata: c\ndata: d\n\ndata: \n\n')
    })

    it('writes comments and retry, and passes bytes through verbatim', async () => {
      const bytes = new TextEncoder().encode('data: raw\n\n')
      const res = new SSEResponse([{ comment: 'hello\nworld', retry: 500 }, bytes], { ping: 0 })
      expect(await res.text()).toBe(': hello\n: world\nretry: 500\n\ndata: raw\n\n')
    })

    it('uses the sep option for every line', async () => {
      const res = new SSEResponse(['x'], { sep: '\r\n', ping: 0, retry: 1 })
      expect(await res.text()).toBe('retry: 1\r\n\r\ndata: x\r\n\r\n')
    })

    it('sends the retry option first, before any event', async () => {
      const res = new SSEResponse(['a'], { retry: 2000, ping: 0 })
      expect(await res.text()).toBe('retry: 2000\n\ndata: a\n\n')
    })

    it.each([
      [{ event: 'a\nb' }, /event must not contain CR or LF/],
      [{ id: 'a\rb' }, /id must not contain CR or LF/],
      [{ id: 'a\0b' }, /id must not contain NUL/],
      [{ retry: -1 }, /retry must be a non-negative integer/],
      [{ retry: 1.5 }, /retry must be a non-negative integer/],
      [{ content: 'x' }, /unknown field "content"/],
      [{ data: () => 1 }, /not JSON/],
      [42, /got number/],
    ])('errors the stream for %j', async (item, message) => {
      const res = new SSEResponse([item] as never, { ping: 0, onError: () => {} })
      await expect(res.text()).rejects.toThrow(message)
    })

    it('throws at construction for a bad sep, ping, retry or pingEvent', () => {
      expect(() => new SSEResponse([], { sep: '\n\n' as never })).toThrow(TypeError)
      expect(() => new SSEResponse([], { ping: -5 })).toThrow(RangeError)
      expect(() => new SSEResponse([], { retry: -1 })).toThrow(RangeError)
      expect(() => new SSEResponse([], { pingEvent: { event: 'a\nb' } })).toThrow(TypeError)
    })
  })

  describe('keep-alive', () => {
    it('sends ": ping" after ping ms of silence and clears the timer at the end', async () => {
      vi.useFakeTimers()
      let release: () => void = () => {}
      async function* slow() {
        await new Promise<void>((resolve) => (release = resolve))
        yield 'late'
      }
      const reader = new SSEResponse(slow(), { ping: 1000 }).body!.getReader()
      const first = reader.read()
      await vi.advanceTimersByTimeAsync(1000)
      expect(decoder.decode((await first).value)).toBe(': ping\n\n')
      const second = reader.read()
      release()
      expect(decoder.decode((await second).value)).toBe('data: late\n\n')
      expect((await reader.read()).done).toBe(true)
      expect(vi.getTimerCount()).toBe(0)
    })

    it('sends a custom ping event', async () => {
      vi.useFakeTimers()
      async function* never() {
        yield await new Promise<string>(() => {})
      }
      const pingEvent = () => ({ event: 'ping', data: 'beat' })
      const reader = new SSEResponse(never(), { ping: 50, pingEvent }).body!.getReader()
      const first = reader.read()
      await vi.advanceTimersByTimeAsync(50)
      expect(decoder.decode((await first).value)).toBe('event: ping\ndata: beat\n\n')
      await reader.cancel('done')
    })

    it('leaves no timer and calls finally and onClose once when cancelled', async () => {
      vi.useFakeTimers()
      let finallyRuns = 0
      const onClose = vi.fn()
      async function* feed() {
        try {
          yield 'one'
          yield await new Promise<string>((resolve) => setTimeout(resolve, 60_000, 'two'))
        } finally {
          finallyRuns++
        }
      }
      const res = new SSEResponse(feed(), { ping: 1000, onClose })
      const reader = res.body!.getReader()
      expect(decoder.decode((await reader.read()).value)).toBe('data: one\n\n')
      const pending = reader.read()
      await vi.advanceTimersByTimeAsync(10)
      await reader.cancel(new Error('client left'))
      expect(await pending).toEqual({ done: true, value: undefined })
      expect(onClose).toHaveBeenCalledOnce()
      // The generator was awaiting its own 60 s timer: finally runs once it resumes.
      await vi.advanceTimersByTimeAsync(60_000)
      expect(finallyRuns).toBe(1)
      expect(vi.getTimerCount()).toBe(0)
    })

    it('leaves no active Timeout handle once cancelled (real timers)', async () => {
      const timeouts = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
      const before = timeouts()
      async function* never() {
        yield 'first'
        yield await new Promise<string>(() => {})
      }
      const reader = new SSEResponse(never(), { ping: 30 }).body!.getReader()
      await reader.read()
      void reader.read()
      await new Promise((resolve) => setImmediate(resolve))
      expect(timeouts()).toBe(before + 1)
      await reader.cancel(new Error('client left'))
      expect(timeouts()).toBe(before)
    })

    it('sends no ping when ping is 0', async () => {
      vi.useFakeTimers()
      async function* never() {
        yield await new Promise<string>(() => {})
      }
      const reader = new SSEResponse(never(), { ping: 0 }).body!.getReader()
      void reader.read()
      await vi.advanceTimersByTimeAsync(100_000)
      expect(vi.getTimerCount()).toBe(0)
      await reader.cancel()
    })
  })

  describe('iterate (Node fast path)', () => {
    it('pings and closes through the iterator as through the stream', async () => {
      vi.useFakeTimers()
      const onClose = vi.fn()
      async function* never() {
        yield await new Promise<string>(() => {})
      }
      const res = new SSEResponse(never(), { ping: 100, retry: 10, onClose })
      const stream = getState(res)?.stream
      if (!stream || stream.used) return // eager mode: the native body owns it
      const iterator = stream.take()
      expect(decoder.decode((await iterator.next()).value as Uint8Array)).toBe('retry: 10\n\n')
      const ping = iterator.next()
      await vi.advanceTimersByTimeAsync(100)
      expect(decoder.decode((await ping).value as Uint8Array)).toBe(': ping\n\n')
      void iterator.next()
      await iterator.return!(new Error('client left'))
      expect(onClose).toHaveBeenCalledOnce()
      expect(vi.getTimerCount()).toBe(0)
    })
  })

  describe('primed', () => {
    it('closes the primed source and calls onClose once when ping is invalid', async () => {
      let finallyRuns = 0
      async function* events() {
        try {
          yield 'a'
          yield 'b'
        } finally {
          finallyRuns++
        }
      }
      const onClose = vi.fn()
      await expect(SSEResponse.primed(events(), { ping: -5, onClose } as never)).rejects.toThrow(
        RangeError
      )
      await vi.waitFor(() => expect(finallyRuns).toBe(1))
      expect(onClose).toHaveBeenCalledOnce()
    })
  })
})

describe('lastEventId', () => {
  it('reads Last-Event-ID from a Request and from Node-style headers', () => {
    const request = new Request('http://x/', { headers: { 'Last-Event-ID': '42' } })
    expect(lastEventId(request)).toBe('42')
    expect(lastEventId(new Request('http://x/'))).toBeUndefined()
    expect(lastEventId({ headers: { 'last-event-id': '9' } })).toBe('9')
    expect(lastEventId({ headers: {} })).toBeUndefined()
  })
})
