import { describe, expect, it } from 'vitest'
import { BaseResponse, JSONResponse, PlainTextResponse } from '../../src/index'
import { getState } from '../../src/internal/core/state'

describe('lazy accessors (Node default)', () => {
  it('builds neither Headers nor the inner body until something reads them', async () => {
    const res = new JSONResponse({ a: 1 })
    const state = getState(res)!
    expect([state.headers, state.inner]).toEqual([null, null])
    expect(res.headers.get('content-length')).toBe('7')
    expect(state.pairs).toBeNull()
    expect(state.inner).toBeNull()
    expect(await res.json()).toEqual({ a: 1 })
    expect(state.inner).toBeInstanceOf(Response)
  })

  it('throws TypeError when called on a plain Response', () => {
    const getter = Object.getOwnPropertyDescriptor(BaseResponse.prototype, 'body')!.get!
    expect(() => getter.call(new Response('x'))).toThrow('Illegal invocation')
  })

  it('clones into the same class with its own slot and no background tasks', async () => {
    let runs = 0
    const res = new PlainTextResponse('x', { background: () => void runs++ })
    const copy = res.clone()
    expect(copy).toBeInstanceOf(PlainTextResponse)
    expect(getState(copy)).not.toBe(getState(res))
    expect(getState(copy)!.background).toEqual([])
    expect(await copy.text()).toBe('x')
    expect(await res.text()).toBe('x')
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(runs).toBe(1)
  })

  it('tees a streamed body on clone', async () => {
    const res = new PlainTextResponse('stream me')
    void res.body
    const copy = res.clone()
    expect(await Promise.all([res.text(), copy.text()])).toEqual(['stream me', 'stream me'])
  })
})
