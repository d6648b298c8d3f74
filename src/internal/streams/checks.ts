/**
 * Argument checks shared by the streams entry: clear `TypeError`/`RangeError`s naming the field.
 *
 * @internal
 * @module
 */
import type { StreamStore } from './types'

export const DAY = 86_400_000

export function positiveInt(value: unknown, name: string, fallback: number, min = 1): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new RangeError(`${name} must be an integer >= ${min}, got ${String(value)}`)
  }
  return value
}

export function checkStore(store: unknown, name: string): StreamStore {
  const s = store as Partial<StreamStore> | null
  if (!s || typeof s.claim !== 'function' || typeof s.follow !== 'function') {
    throw new TypeError(`${name} must be a store from createMemoryStore() or createRedisStore()`)
  }
  return store as StreamStore
}

export function checkName(value: unknown, name: string): string {
  if (typeof value !== 'string' || !/^[^\r\n}]{1,200}$/.test(value)) {
    throw new TypeError(`${name} must be a string of 1 to 200 characters without CR, LF or }`)
  }
  return value
}
