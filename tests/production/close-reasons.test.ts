import { describe, expect, it, vi } from 'vitest'
import { StreamClosedError, StreamingResponse, type CloseReason } from '../../src/index'
import { StreamClosedError as FromNode } from '../../src/adapters/node'
import { ADAPTERS, deferred, serveWith, sleep } from './servers'

interface Closed {
  reason: CloseReason
  error: unknown
}

describe('StreamClosedError', () => {
  it('is an AbortError with the reason, exported from the root and response-kit/node', () => {
    const error = new StreamClosedError('timeout')
    expect(error).toBeInstanceOf(Error)
    expect(error.name).toBe('AbortError')
    expect(error.reason).toBe('timeout')
    expect(FromNode).toBe(StreamClosedError)
    expect(new StreamClosedError('error', 'x', { cause: 1 }).cause).toBe(1)
  })

  it('rejects an unknown reason with a RangeError', () => {
    expect(() => new StreamClosedError('gone' as CloseReason)).toThrow(RangeError)
    expect(() => new StreamClosedError('toString' as CloseReason)).toThrow(RangeError)
  })
})

describe.each(ADAPTERS)('close reasons through %s', (adapter) => {
  // The Node writer sees the socket close; Hono on @hono/node-server only sees its
  // ReadableStream cancelled, so a client that leaves is `cancel` there (pass
  // `signal: request.signal` to get `disconnect` on runtimes that abort it).
  const leaving: CloseReason = adapter === 'hono' ? 'cancel' : 'disconnect'

  it('a source that finishes closes with end', async () => {
    const closed = deferred<Closed>()
    const server = await serveWith(adapter, () => {
      return new StreamingResponse(['a', 'b'], {
        onClose: (reason, error) => closed.resolve({ reason, error }),
      })
    })
    try {
      const response = await fetch(`${server.url}/end`)
      expect(await response.text()).toBe('ab')
      expect(await closed.promise).toEqual({ reason: 'end', error: undefined })
    } finally {
      await server.close()
    }
  })

  it(`a client that leaves closes with ${leaving}, and request.signal says the same`, async () => {
    const closed = deferred<Closed>()
    const signalReason = deferred<unknown>()
    const cleaned = deferred<void>()
    const server = await serveWith(adapter, (request) => {
      request.signal.addEventListener('abort', () => signalReason.resolve(request.signal.reason))
      async function* forever() {
        try {
          for (;;) {
            yield 'tick\n'
            await sleep(10)
          }
        } finally {
          cleaned.resolve()
        }
      }
      return new StreamingResponse(forever(), {
        onClose: (reason, error) => closed.resolve({ reason, error }),
      })
    })
    try {
      const controller = new AbortController()
      const response = await fetch(`${server.url}/leave`, { signal: controller.signal })
      const reader = response.body!.getReader()
      await reader.read()
      controller.abort()
      const { reason, error } = await closed.promise
      await cleaned.promise
      expect(reason).toBe(leaving)
      expect(error).toBeInstanceOf(StreamClosedError)
      expect((error as StreamClosedError).reason).toBe(leaving)
      if (adapter !== 'hono') {
        const why = await signalReason.promise
        expect(why).toBeInstanceOf(StreamClosedError)
        expect((why as StreamClosedError).reason).toBe('disconnect')
      }
    } finally {
      await server.close()
    }
  })

  it('a source that fails mid-stream closes with error, reported once', async () => {
    const closed = deferred<Closed>()
    const signalReason = deferred<unknown>()
    const onError = vi.fn()
    const boom = new Error('boom')
    // @hono/node-server logs the errored body stream itself.
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    const server = await serveWith(
      adapter,
      (request) => {
        request.signal.addEventListener('abort', () => signalReason.resolve(request.signal.reason))
        async function* failing() {
          yield 'first\n'
          await sleep(20)
          throw boom
        }
        return new StreamingResponse(failing(), {
          onClose: (reason, error) => closed.resolve({ reason, error }),
        })
      },
      { onError }
    )
    try {
      const response = await fetch(`${server.url}/fail`)
      await expect(response.text()).rejects.toThrow()
      expect(await closed.promise).toEqual({ reason: 'error', error: boom })
      expect(onError).toHaveBeenCalledTimes(1)
      expect(onError.mock.calls[0]![0]).toBe(boom)
      if (adapter !== 'hono') {
        const why = (await signalReason.promise) as StreamClosedError
        expect(why).toBeInstanceOf(StreamClosedError)
        expect(why.reason).toBe('error')
        expect(why.cause).toBe(boom)
      }
    } finally {
      logged.mockRestore()
      await server.close()
    }
  })
})
