import { describe, expect, it, vi } from 'vitest'
import { SSEResponse, type CloseReason } from '../../src/index'
import { ADAPTERS, deferred, serveWith } from './servers'

describe('SSEResponse errorEvent', () => {
  it('rejects what is not an event or a function', () => {
    expect(() => new SSEResponse([], { errorEvent: 'oops' as never })).toThrow(TypeError)
    expect(() => new SSEResponse([], { errorEvent: { event: 'a\nb' } })).toThrow(TypeError)
  })

  describe.each(ADAPTERS)('through %s', (adapter) => {
    it('a producer that throws mid-stream ends cleanly with the error event', async () => {
      const boom = new Error('boom')
      const onError = vi.fn()
      const closed = deferred<{ reason: CloseReason; error: unknown }>()
      const server = await serveWith(
        adapter,
        () => {
          async function* work() {
            yield { event: 'token', data: 'Hi' }
            throw boom
          }
          return new SSEResponse(work(), {
            errorEvent: (error) => ({ event: 'error', data: { message: String(error) } }),
            onClose: (reason, error) => closed.resolve({ reason, error }),
          })
        },
        { onError }
      )
      try {
        const response = await fetch(server.url + '/')
        expect(response.status).toBe(200)
        expect(await response.text()).toBe(
          'event: token\ndata: Hi\n\nevent: error\ndata: {"message":"Error: boom"}\n\n'
        )
        expect(await closed.promise).toEqual({ reason: 'error', error: boom })
        expect(onError).toHaveBeenCalledTimes(1)
        expect(onError.mock.calls[0]![0]).toBe(boom)
      } finally {
        await server.close()
      }
    })

    it('a producer that throws before its first event answers 200 with only the event', async () => {
      const onError = vi.fn()
      const server = await serveWith(
        adapter,
        () => {
          async function* work(): AsyncGenerator<string> {
            await Promise.resolve()
            if (Date.now() > 0) throw new Error('early')
            yield 'never'
          }
          return new SSEResponse(work(), { errorEvent: { event: 'error', data: 'failed' } })
        },
        { onError }
      )
      try {
        const response = await fetch(server.url + '/')
        expect(response.status).toBe(200)
        expect(await response.text()).toBe('event: error\ndata: failed\n\n')
        expect(onError).toHaveBeenCalledTimes(1)
      } finally {
        await server.close()
      }
    })
  })
})
