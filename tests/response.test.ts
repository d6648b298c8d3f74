import { describe, expect, it, vi } from 'vitest'
import { BaseResponse, JSONResponse, PlainTextResponse, streamBody } from '../src/index'
import { STATE, getState } from '../src/internal/core/state'
import { loadKit } from './helpers/load-kit'

const entries = (res: Response) => Object.fromEntries(res.headers)

describe('BaseResponse', () => {
  describe('status', () => {
    it.each([199, 600, 0, 1.5, Number.NaN, Infinity, 100, 101])(
      'throws RangeError naming the class for status %s',
      (status) => {
        expect(() => new PlainTextResponse('x', { status })).toThrow(RangeError)
        expect(() => new PlainTextResponse('x', { status })).toThrow(
          /PlainTextResponse status must be an integer from 200 to 599/
        )
      }
    )

    it('throws RangeError for a numeric string', () => {
      expect(() => new BaseResponse('x', { status: '200' as unknown as number })).toThrow(
        RangeError
      )
    })

    it.each([200, 201, 299, 404, 500, 599])('accepts %s', (status) => {
      expect(new BaseResponse(null, { status }).status).toBe(status)
    })

    it('keeps statusText', () => {
      expect(new BaseResponse(null, { statusText: 'Fine' }).statusText).toBe('Fine')
    })
  })

  describe('content', () => {
    it.each([
      ['a number', 1],
      ['an object', { a: 1 }],
      ['a boolean', true],
      ['a function', () => 1],
      ['a Blob', new Blob(['x'])],
    ])('throws TypeError naming the class for %s', (_, content) => {
      expect(() => new PlainTextResponse(content as unknown as string)).toThrow(TypeError)
      expect(() => new BaseResponse(content)).toThrow(
        /BaseResponse content must be a string or bytes/
      )
    })

    it.each([204, 205, 304])('throws TypeError for content with status %s', (status) => {
      expect(() => new PlainTextResponse('x', { status })).toThrow(
        `A ${status} response must not have a body`
      )
      expect(() => new JSONResponse({}, { status })).toThrow(TypeError)
    })

    it('sends strings as UTF-8 only: another charset needs bytes', () => {
      expect(() => new PlainTextResponse('é', { charset: 'latin1' })).toThrow(
        /Strings are sent as UTF-8; pass bytes to send charset "latin1"/
      )
      expect(new PlainTextResponse('é', { charset: 'UTF8' }).headers.get('content-type')).toBe(
        'text/plain; charset=UTF8'
      )
    })

    it('throws TypeError when a custom render returns something else', () => {
      class Bad extends BaseResponse {
        static override render() {
          return 42 as unknown as string
        }
      }
      expect(() => new Bad('x')).toThrow(
        /render must return a string, bytes, a Blob, streamBody\(\) or null/
      )
    })
  })

  describe.each(['lazy', 'eager'] as const)('bytes content [%s]', (mode) => {
    it('copies the bytes at construction, as a native Response does', async () => {
      const kit = await loadKit(mode)
      const bytes = new Uint8Array([65, 66])
      const res = new kit.PlainTextResponse(bytes)
      bytes[0] = 67
      expect(await res.text()).toBe('AB')
    })

    it('copies a Node Buffer too (whose slice() shares memory)', async () => {
      const kit = await loadKit(mode)
      const buffer = Buffer.from('AB')
      const res = new kit.PlainTextResponse(buffer)
      buffer[0] = 67
      expect(await res.text()).toBe('AB')
    })
  })

  describe('content-length', () => {
    it('is the UTF-8 byte length of a string', () => {
      expect(new PlainTextResponse('é😀').headers.get('content-length')).toBe('6')
      expect(new PlainTextResponse('\ud800').headers.get('content-length')).toBe('3')
    })

    it('is the byte length of a view, not of its buffer', () => {
      const view = new Uint16Array(new ArrayBuffer(16), 4, 2)
      expect(new BaseResponse(view).headers.get('content-length')).toBe('4')
    })

    it('is 0 for no content and for a 205', () => {
      expect(new BaseResponse().headers.get('content-length')).toBe('0')
      expect(new BaseResponse(null, { status: 205 }).headers.get('content-length')).toBe('0')
    })

    it('is absent for 204 and 304 and for a streamed body', () => {
      expect(new BaseResponse(null, { status: 204 }).headers.has('content-length')).toBe(false)
      expect(new BaseResponse(null, { status: 304 }).headers.has('content-length')).toBe(false)
      class Streamed extends BaseResponse {
        static override render() {
          return streamBody(() => new Response('abc').body!)
        }
      }
      expect(new Streamed().headers.has('content-length')).toBe(false)
    })

    it("lets the caller's content-length win", () => {
      const res = new PlainTextResponse('hello', { headers: { 'Content-Length': '5' } })
      expect(res.headers.get('content-length')).toBe('5')
    })
  })

  describe('content-type', () => {
    it('is absent when there is no media type', () => {
      expect(new BaseResponse('x').headers.has('content-type')).toBe(false)
      expect(new JSONResponse(1, { mediaType: null }).headers.has('content-type')).toBe(false)
    })

    it('gets a charset on text/* only, and only when it has none', () => {
      expect(new BaseResponse('', { mediaType: 'text/csv' }).headers.get('content-type')).toBe(
        'text/csv; charset=utf-8'
      )
      const given = new BaseResponse('', { mediaType: 'text/csv; Charset=ascii' })
      expect(given.headers.get('content-type')).toBe('text/csv; Charset=ascii')
      expect(new BaseResponse('', { mediaType: 'image/svg+xml' }).headers.get('content-type')).toBe(
        'image/svg+xml'
      )
    })

    it("lets the caller's content-type win, in any case", () => {
      const res = new JSONResponse({}, { headers: [['Content-Type', 'application/problem+json']] })
      expect(res.headers.get('content-type')).toBe('application/problem+json')
    })

    it.each([
      ['mediaType', { mediaType: 'text/plain\r\nx-evil: 1' }],
      ['mediaType', { mediaType: 'text/plain\0' }],
      ['mediaType', { mediaType: 'text/♥' }],
      ['charset', { charset: 'utf-8\nx: y' }],
    ])('throws TypeError naming %s for CR, LF, NUL or non-Latin-1', (field, init) => {
      expect(
        () => new BaseResponse(new Uint8Array(0), { mediaType: 'text/plain', ...init })
      ).toThrow(new RegExp(`^${field} must not contain CR, LF, NUL`))
    })

    it('throws TypeError for a mediaType or charset that is not a string', () => {
      expect(() => new BaseResponse('', { mediaType: 5 as unknown as string })).toThrow(
        'mediaType must be a string or null'
      )
      expect(() => new BaseResponse('', { charset: 5 as unknown as string })).toThrow(
        'init.charset must be a string'
      )
    })
  })

  describe('init', () => {
    it('throws TypeError when init is not an object', () => {
      expect(() => new BaseResponse('', null as unknown as object)).toThrow(
        'init must be an object'
      )
      expect(() => new BaseResponse('', 3 as unknown as object)).toThrow(TypeError)
    })

    it('accepts headers as an object, pairs, a Headers or a Map', () => {
      const expected = { 'content-length': '0', 'x-a': '1' }
      expect(entries(new BaseResponse(null, { headers: { 'X-A': '1' } }))).toEqual(expected)
      expect(entries(new BaseResponse(null, { headers: [['x-a', '1']] }))).toEqual(expected)
      expect(entries(new BaseResponse(null, { headers: new Headers({ 'x-a': '1' }) }))).toEqual(
        expected
      )
      const map = new Map([['x-a', '1']]) as unknown as HeadersInit
      expect(entries(new BaseResponse(null, { headers: map }))).toEqual(expected)
    })

    it('skips headers whose value is undefined', () => {
      const headers = { 'x-a': undefined } as unknown as HeadersInit
      expect(new BaseResponse(null, { headers }).headers.has('x-a')).toBe(false)
    })
  })

  describe('prepare', () => {
    it('returns the response itself', () => {
      const res = new BaseResponse('x')
      expect(res.prepare(new Request('http://a.test/'))).toBe(res)
    })
  })

  describe('raw-body slot', () => {
    it('keeps the rendered string aside in lazy mode (the Node default)', () => {
      const state = getState(new JSONResponse({ a: 1 }))!
      expect(state.body).toBe('{"a":1}')
      expect(state.pairs).toEqual([
        ['content-type', 'application/json'],
        ['content-length', '7'],
      ])
    })

    it('is not enumerable and absent on other values', () => {
      const res = new JSONResponse(1)
      expect(Object.keys(res)).toEqual([])
      // A private field behind a `Symbol.for` getter on the prototype: no own property, so
      // `Object.assign` and spread never copy it, and it cannot be replaced.
      expect(Object.getOwnPropertySymbols(res)).not.toContain(STATE)
      expect(STATE in { ...res }).toBe(false)
      expect(STATE in Object.assign({}, res)).toBe(false)
      expect(() => {
        ;(res as unknown as Record<symbol, unknown>)[STATE] = {}
      }).toThrow(TypeError)
      expect(getState(res)?.body).toBe('1')
      expect(getState(Object.create(JSONResponse.prototype))).toBeUndefined()
      expect(getState(new Response('x'))).toBeUndefined()
      expect(getState(null)).toBeUndefined()
    })
  })
})

describe('streamBody', () => {
  class Counting extends BaseResponse {
    static calls = 0
    static override mediaType: string | null = 'text/plain'
    static override render() {
      return streamBody(() => {
        Counting.calls++
        return new Response('a-b-c').body!
      })
    }
  }

  it('builds the stream only when the body is read, and once', async () => {
    Counting.calls = 0
    const res = new Counting()
    expect(Counting.calls).toBe(0)
    expect(await res.text()).toBe('a-b-c')
    expect(Counting.calls).toBe(1)
  })

  it('takes any stream source and names it in errors', async () => {
    const onError = vi.fn()
    class Items extends BaseResponse {
      static override render() {
        return streamBody([new Uint8Array([1]), 2], { label: 'Items', onError })
      }
    }
    await expect(new Items().text()).rejects.toThrow(
      /^Items chunks must be strings or bytes, got number/
    )
    expect(onError).toHaveBeenCalledOnce()
    expect(() => streamBody(42 as never, { label: 'Items' })).toThrow(TypeError)
  })

  it('tells onClose why the body ended', async () => {
    const reasons: string[] = []
    class Once extends BaseResponse {
      static override render() {
        return streamBody(['a'], { onClose: (reason) => reasons.push(reason) })
      }
    }
    expect(await new Once().text()).toBe('a')
    await new Once().body!.cancel()
    expect(reasons).toEqual(['end', 'cancel'])
  })
})
