/**
 * Test helper: loads a fresh copy of the root entry in lazy or eager mode (see
 * src/internal/mode.ts). The mode is fixed when the module loads, so each call resets the
 * module registry, sets the documented global switch, imports, and removes the switch again.
 */
import { vi } from 'vitest'

export type Kit = typeof import('../../src/index')
export type Mode = 'lazy' | 'eager'

const FLAG = Symbol.for('response-kit.lazy')

/** Imports `src/index.ts` afresh with `globalThis[Symbol.for('response-kit.lazy')]` set. */
export async function loadKit(mode: Mode): Promise<Kit> {
  vi.resetModules()
  const g = globalThis as Record<symbol, unknown>
  g[FLAG] = mode === 'lazy'
  try {
    return await import('../../src/index')
  } finally {
    delete g[FLAG]
  }
}

/** True when `kit` runs in lazy mode: the body accessors are overridden on the base prototype. */
export function isLazy(kit: Kit): boolean {
  return Object.getOwnPropertyDescriptor(kit.BaseResponse.prototype, 'body') !== undefined
}
