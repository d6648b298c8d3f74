import { Hono } from 'hono'
import { describe, expect, it, vi } from 'vitest'
import { JSONResponse, StreamingResponse } from '../../src/index'
import { toHonoHandler, type LifecycleEvent } from '../../src/adapters/hono'

function app(handler: (request: Request) => Response, events: LifecycleEvent[]) {
  const onError = vi.fn()
  const hono = new Hono()
  hono.onError((_, c) => c.text('failed', 500))
  hono.get('*', toHonoHandler(handler, { onError, onLifecycle: (e) => events.push(e) }))
  return { hono, onError }
}

describe('toHonoHandler onLifecycle (native runtimes)', () => {
  it('a fixed body: start, head, first-byte, end with bytes', async () => {
    const events: LifecycleEvent[] = []
    const { hono } = app(() => new JSONResponse({ ok: true }), events)
    const response = await hono.request('/json')
    expect(await response.text()).toBe('{"ok":true}')
    expect(events.map((e) => e.type)).toEqual(['start', 'head', 'first-byte', 'end'])
    expect(events[3]).toMatchObject({ status: 200, bytes: 11, chunks: 1, reason: 'end' })
  })

  it('a stream the client cancels ends with cancel', async () => {
    const events: LifecycleEvent[] = []
    async function* forever() {
      for (;;) yield 'x'
    }
    const { hono } = app(() => new StreamingResponse(forever()), events)
    const response = await hono.request('/stream')
    const reader = response.body!.getReader()
    await reader.read()
    await reader.cancel()
    expect(events.map((e) => e.type)).toEqual(['start', 'head', 'first-byte', 'end'])
    expect(events[3]!.reason).toBe('cancel')
  })

  it('a failing stream: error then end with reason error', async () => {
    const events: LifecycleEvent[] = []
    async function* failing() {
      yield 'a'
      throw new Error('boom')
    }
    const { hono, onError } = app(() => new StreamingResponse(failing()), events)
    const response = await hono.request('/fail')
    await expect(response.text()).rejects.toThrow('boom')
    expect(events.map((e) => e.type)).toEqual(['start', 'head', 'first-byte', 'error', 'end'])
    expect(events[4]!.reason).toBe('error')
    expect(onError).toHaveBeenCalledTimes(1)
  })

  it('rejects a callback that is not a function', () => {
    expect(() => toHonoHandler(() => new Response(''), { onLifecycle: 1 as never })).toThrow(
      TypeError
    )
  })
})
