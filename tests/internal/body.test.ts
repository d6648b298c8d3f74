import { describe, expect, it } from 'vitest'
import { bodyInitFor, contentTypeOf } from '../../src/internal/core/native-body'
import type { ResponseState } from '../../src/internal/core/state'
import { Body } from '../../src/internal/stream/body'

function state(patch: Partial<ResponseState>): ResponseState {
  return {
    pairs: [],
    headers: null,
    body: null,
    stream: null,
    inner: null,
    background: [],
    onError: undefined,
    ...patch,
  }
}
const tick = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('bodyInitFor', () => {
  it('hands over a string when there is a content-type, bytes when there is none', () => {
    expect(bodyInitFor(state({ body: 'é', pairs: [['content-type', 'text/plain']] }))).toBe('é')
    const bytes = bodyInitFor(state({ body: 'é' }))
    expect(bytes).toEqual(new Uint8Array([0xc3, 0xa9]))
    expect(new Response(bytes).headers.has('content-type')).toBe(false)
  })

  it('claims a stream body once', () => {
    const s = state({ stream: new Body(() => new ReadableStream(), { label: 'test' }) })
    expect(bodyInitFor(s)).toBeInstanceOf(ReadableStream)
    expect(s.stream?.used).toBe(true)
    expect(() => bodyInitFor(s)).toThrow(/test body has already been used/)
  })

  it('wraps the body so the tasks run after the last read, once', async () => {
    let runs = 0
    const s = state({ body: new Uint8Array([1, 2]), background: [() => void runs++] })
    const body = bodyInitFor(s) as ReadableStream<Uint8Array>
    const reader = body.getReader()
    expect((await reader.read()).value).toEqual(new Uint8Array([1, 2]))
    await tick()
    expect(runs).toBe(0)
    expect((await reader.read()).done).toBe(true)
    await tick()
    expect(runs).toBe(1)
    // Taken from the slot when they start, so an adapter that looks later finds none.
    expect(s.background).toEqual([])
  })

  it('passes chunks of a stream body through and forwards cancel', async () => {
    let cancelled: unknown
    const source = new ReadableStream<Uint8Array>({
      pull: (c) => c.enqueue(new Uint8Array([7])),
      cancel: (reason) => void (cancelled = reason),
    })
    const s = state({
      stream: new Body(source, { label: 'test' }),
      background: [() => undefined],
    })
    const reader = (bodyInitFor(s) as ReadableStream<Uint8Array>).getReader()
    expect((await reader.read()).value).toEqual(new Uint8Array([7]))
    await reader.cancel('bye')
    expect(cancelled).toBe('bye')
  })

  it.each([204, 205, 304])('gives null for a %s and leaves its tasks to an adapter', (status) => {
    const task = () => undefined
    const s = state({ background: [task] })
    expect(bodyInitFor(s, status)).toBeNull()
    expect(s.background).toEqual([task])
  })
})

describe('contentTypeOf', () => {
  it('reads the materialised Headers first, then the pairs', () => {
    expect(contentTypeOf(state({ pairs: [['content-type', 'a/b']] }))).toBe('a/b')
    expect(
      contentTypeOf(state({ pairs: null, headers: new Headers({ 'content-type': 'c/d' }) }))
    ).toBe('c/d')
    expect(contentTypeOf(state({}))).toBeUndefined()
  })
})
