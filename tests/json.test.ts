import { describe, expect, it } from 'vitest'
import { JSONResponse } from '../src/index'
import { loadKit } from './helpers/load-kit'
import { describeAdapters } from './helpers/describe-adapters'

describe('JSONResponse', () => {
  describe('rendering', () => {
    it('writes compact JSON with raw UTF-8 and application/json (no charset)', async () => {
      const res = new JSONResponse({ name: 'Zoë ♥ 😀', list: [1, 2], nested: { ok: true } })
      expect(await res.text()).toBe('{"name":"Zoë ♥ 😀","list":[1,2],"nested":{"ok":true}}')
      expect(res.headers.get('content-type')).toBe('application/json')
      expect(res.headers.get('content-length')).toBe('58')
    })

    it.each([
      [null, 'null'],
      [undefined, 'null'],
      ['hi', '"hi"'],
      [0, '0'],
      [false, 'false'],
      [[], '[]'],
      [new Date(0), '"1970-01-01T00:00:00.000Z"'],
      [{ a: undefined, b: () => 1 }, '{}'],
    ])('renders %s as %s', async (value, expected) => {
      expect(await new JSONResponse(value).text()).toBe(expected)
    })

    it('uses toJSON', async () => {
      expect(await new JSONResponse({ toJSON: () => ({ x: 1 }) }).text()).toBe('{"x":1}')
    })
  })

  describe('values that cannot be serialised', () => {
    it('throws TypeError with the path of a BigInt', () => {
      expect(() => new JSONResponse({ user: { id: 1n } })).toThrow(TypeError)
      expect(() => new JSONResponse({ user: { id: 1n } })).toThrow(
        /^Cannot serialise to JSON at \$\.user\.id: /
      )
      expect(() => new JSONResponse([0, [1, 2n]])).toThrow(/at \$\[1\]\[1\]:/)
      expect(() => new JSONResponse(5n)).toThrow(/at \$:/)
    })

    it('throws TypeError with the path where a cycle closes', () => {
      const a: Record<string, unknown> = { list: [] }
      ;(a.list as unknown[]).push({ back: a })
      expect(() => new JSONResponse(a)).toThrow(
        /^Cannot serialise to JSON at \$\.list\[0\]\.back: /
      )
    })

    it('does not blame a shared (non-cyclic) object', () => {
      const shared = { v: 1 }
      expect(() => new JSONResponse({ a: shared, b: shared, c: 1n })).toThrow(/at \$\.c:/)
    })

    it('does not blame NaN for another error in the default mode', () => {
      expect(() => new JSONResponse({ a: NaN, b: 1n })).toThrow(/at \$\.b:/)
    })

    it('keeps the original error as the cause', () => {
      try {
        new JSONResponse({ x: 1n })
        expect.unreachable()
      } catch (error) {
        expect((error as Error).cause).toBeInstanceOf(TypeError)
      }
    })

    it('still explains an error thrown by toJSON, without a path', () => {
      const value = {
        toJSON() {
          throw new Error('nope')
        },
      }
      expect(() => new JSONResponse(value)).toThrow('Cannot serialise to JSON: nope')
    })
  })

  describe.each(['lazy', 'eager'] as const)('NaN and Infinity [%s mode]', (mode) => {
    it('writes null by default, as JSON.stringify and Response.json() do', async () => {
      const kit = await loadKit(mode)
      const value = { a: NaN, b: [Infinity, -Infinity], c: 1 }
      const res = new kit.JSONResponse(value)
      expect(await res.text()).toBe('{"a":null,"b":[null,null],"c":1}')
      expect(await res.text().catch(() => 'used')).toBe('used')
      expect(await Response.json(value).text()).toBe('{"a":null,"b":[null,null],"c":1}')
    })

    it("throws TypeError with the path when nonFinite is 'error', as Starlette does", async () => {
      const kit = await loadKit(mode)
      expect(() => new kit.JSONResponse({ s: [1, NaN] }, { nonFinite: 'error' })).toThrow(
        'Cannot serialise to JSON at $.s[1]: JSON cannot represent NaN'
      )
      expect(() => new kit.JSONResponse(-Infinity, { nonFinite: 'error' })).toThrow(
        'at $: JSON cannot represent -Infinity'
      )
      const ok = new kit.JSONResponse({ s: [1, 2.5] }, { nonFinite: 'error' })
      expect(await ok.json()).toEqual({ s: [1, 2.5] })
    })

    it('throws TypeError for an unknown nonFinite option', async () => {
      const kit = await loadKit(mode)
      expect(() => new kit.JSONResponse(1, { nonFinite: 'skip' as 'null' })).toThrow(
        "nonFinite must be 'null' or 'error', got skip"
      )
    })
  })
})

describeAdapters('JSONResponse over HTTP', (t) => {
  it('sends compact UTF-8 JSON with its type and length', async () => {
    const res = await t.fetch(() => new JSONResponse({ a: 'é' }, { status: 201 }))
    expect(res.status).toBe(201)
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(res.headers.get('content-length')).toBe('10')
    expect(await res.json()).toEqual({ a: 'é' })
  })

  it('sends a 204 with no body and no content-length', async () => {
    const res = await t.fetch(() => new JSONResponse(null, { status: 204 }))
    expect(res.status).toBe(204)
    expect(res.headers.has('content-length')).toBe(false)
    expect(await res.text()).toBe('')
  })
})
