import { afterEach, describe, expect, it, vi } from 'vitest'
import { detectLazyMode, LAZY } from '../../src/internal/core/mode'

const FLAG = Symbol.for('response-kit.lazy')

describe('detectLazyMode', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    delete (globalThis as Record<symbol, unknown>)[FLAG]
  })

  it('is lazy on Node proper, which is what this suite loads', () => {
    expect(detectLazyMode()).toBe(true)
    expect(LAZY).toBe(true)
  })

  it.each([
    ['Bun', 'Bun', {}],
    ['Deno', 'Deno', {}],
    ['edge-runtime', 'EdgeRuntime', 'edge-runtime'],
  ])('is eager on %s, which exposes process.versions.node too', (_, name, value) => {
    vi.stubGlobal(name, value)
    expect(detectLazyMode()).toBe(false)
  })

  it('is eager on workerd (navigator.userAgent is Cloudflare-Workers)', () => {
    vi.stubGlobal('navigator', { userAgent: 'Cloudflare-Workers' })
    expect(detectLazyMode()).toBe(false)
  })

  it('is eager where there is no process.versions.node (browsers, plain workers)', () => {
    vi.stubGlobal('process', { versions: {} })
    expect(detectLazyMode()).toBe(false)
  })

  it('obeys the global switch either way, and ignores a non-boolean', () => {
    const g = globalThis as Record<symbol, unknown>
    g[FLAG] = false
    expect(detectLazyMode()).toBe(false)
    vi.stubGlobal('Bun', {})
    g[FLAG] = true
    expect(detectLazyMode()).toBe(true)
    g[FLAG] = 'no'
    expect(detectLazyMode()).toBe(false)
  })
})
