import { afterEach, describe, expect, it, vi } from 'vitest'
import { isBinary, toUint8Array, utf8Encode, utf8Length } from '../../src/internal/core/bytes'

const SAMPLES = ['', 'ascii', 'é', '€', '😀', 'a\ud800b', '\udc00', 'x\ud800', 'Zoë ♥ 😀 漢字']

describe('utf8Length', () => {
  it.each(SAMPLES)('matches TextEncoder for %j (Node: Buffer.byteLength)', (value) => {
    expect(utf8Length(value)).toBe(new TextEncoder().encode(value).byteLength)
  })

  describe('without Buffer (edge runtimes)', () => {
    afterEach(() => {
      vi.unstubAllGlobals()
      vi.resetModules()
    })

    it('still matches TextEncoder', async () => {
      vi.stubGlobal('Buffer', undefined)
      vi.resetModules()
      const fresh = await import('../../src/internal/core/bytes')
      for (const value of SAMPLES) {
        expect(fresh.utf8Length(value)).toBe(new TextEncoder().encode(value).byteLength)
      }
    })
  })
})

describe('utf8Encode', () => {
  it('encodes a lone surrogate as U+FFFD', () => {
    expect([...utf8Encode('\ud800')]).toEqual([0xef, 0xbf, 0xbd])
  })
})

describe('toUint8Array', () => {
  it('returns a Uint8Array as it is and views other memory without copying', () => {
    const bytes = new Uint8Array([1, 2, 3])
    expect(toUint8Array(bytes)).toBe(bytes)
    const buffer = new ArrayBuffer(8)
    const view = toUint8Array(new DataView(buffer, 2, 4))
    expect([view.byteOffset, view.byteLength, view.buffer]).toEqual([2, 4, buffer])
    expect(toUint8Array(buffer).buffer).toBe(buffer)
    expect(toUint8Array(new Uint32Array([1])).byteLength).toBe(4)
  })
})

describe('isBinary', () => {
  it('accepts ArrayBuffer and views and rejects the rest', () => {
    expect(
      [new ArrayBuffer(1), new Uint8Array(1), new DataView(new ArrayBuffer(1))].every(isBinary)
    ).toBe(true)
    expect([[1], 'x', null, new Blob([]), { byteLength: 1 }].some(isBinary)).toBe(false)
  })
})
