/**
 * Deterministic data for the demo and its tests: the bytes of the download file and the
 * items of the JSON panel, so a test can predict exactly what the server sends.
 */
import { createHash } from 'node:crypto'

/** `size` pseudo-random bytes (xorshift32, fixed seed): the same on every run. */
export function demoBytes(size: number): Uint8Array {
  const bytes = new Uint8Array(size)
  let x = 0x9e3779b9
  for (let i = 0; i < size; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    bytes[i] = x & 0xff
  }
  return bytes
}

/** Hex SHA-256 of `bytes`. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** One item of the JSON panel. */
export interface Item {
  id: number
  name: string
  score: number
  tags: string[]
  active: boolean
}

/** `n` items, the same on every run. */
export function demoItems(n: number): Item[] {
  return Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    name: `item ${i + 1}`,
    score: Math.round(((i * 7919) % 1000) * 1.5) / 10,
    tags: i % 3 === 0 ? ['new', 'sale'] : ['stock'],
    active: i % 2 === 0,
  }))
}

/** The JSON Schema of {@link demoItems}'s output, for FastJSONResponse. */
export const itemsSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      id: { type: 'integer' },
      name: { type: 'string' },
      score: { type: 'number' },
      tags: { type: 'array', items: { type: 'string' } },
      active: { type: 'boolean' },
    },
    required: ['id', 'name', 'score', 'tags', 'active'],
  },
} as const
