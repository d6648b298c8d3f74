import { describe, expect, it } from 'vitest'
import { PlainTextResponse } from '../../src/index'
import { getState, STATE, takeBackground } from '../../src/internal/core/state'

describe('getState', () => {
  it('finds the slot under the global symbol, so two copies of the library agree', () => {
    const res = new PlainTextResponse('x')
    expect(STATE).toBe(Symbol.for('response-kit.state'))
    expect(getState(res)).toBe(
      (res as unknown as Record<symbol, unknown>)[Symbol.for('response-kit.state')]
    )
  })

  it('returns undefined for anything else', () => {
    expect([undefined, null, 1, 'x', {}, new Response('x')].map(getState)).toEqual(
      Array(6).fill(undefined)
    )
  })
})

describe('takeBackground', () => {
  it('hands the tasks over once', () => {
    const task = () => undefined
    const state = getState(new PlainTextResponse('x', { background: task }))!
    expect(takeBackground(state)).toEqual([task])
    expect(takeBackground(state)).toEqual([])
  })
})
