import { describe, expect, it } from 'vitest'
import { PlainTextResponse } from '../src/index'
import { describeAdapters } from './helpers/describe-adapters'

describe('PlainTextResponse', () => {
  describe('content', () => {
    it('sends a string as UTF-8 with text/plain; charset=utf-8 and its byte length', async () => {
      const res = new PlainTextResponse('héllo ♥')
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
      expect(res.headers.get('content-length')).toBe('10')
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(new TextEncoder().encode('héllo ♥'))
    })

    it('sends bytes as they are', async () => {
      const res = new PlainTextResponse(new Uint8Array([0xff, 0x00, 0x41]))
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(new Uint8Array([0xff, 0x00, 0x41]))
      expect(res.headers.get('content-length')).toBe('3')
    })

    it('gives an empty body for null and undefined', async () => {
      expect(await new PlainTextResponse(null).text()).toBe('')
      expect(await new PlainTextResponse().text()).toBe('')
      expect(new PlainTextResponse().headers.get('content-length')).toBe('0')
    })

    it.each([
      ['a number', 42],
      ['an object', { toString: () => 'x' }],
      ['an array', ['a']],
      ['a symbol', Symbol('s')],
    ])('throws TypeError for %s instead of guessing text', (_, content) => {
      expect(() => new PlainTextResponse(content as unknown as string)).toThrow(
        /^PlainTextResponse content must be a string or bytes, got /
      )
    })
  })

  describe('headers', () => {
    it('throws TypeError naming the header for CR, LF or NUL in a value', () => {
      for (const value of ['a\r\nb', 'a\nb', 'a\rb', 'a\0b']) {
        expect(() => new PlainTextResponse('x', { headers: { 'X-Note': value } })).toThrow(
          'Header "x-note" must not contain CR, LF, NUL, other control characters or characters above U+00FF'
        )
      }
    })

    it('throws TypeError for a value above U+00FF and for an invalid name', () => {
      expect(() => new PlainTextResponse('x', { headers: { 'x-a': '♥' } })).toThrow(/"x-a"/)
      expect(() => new PlainTextResponse('x', { headers: { 'bad name': '1' } })).toThrow(
        'Invalid header name: "bad name"'
      )
    })

    it('trims HTTP whitespace only, as Headers does', () => {
      const res = new PlainTextResponse('x', { headers: { 'x-a': ' \t1 \t', 'x-b': '\u00a0y' } })
      expect(res.headers.get('x-a')).toBe('1')
      expect(res.headers.get('x-b')).toBe(new Headers({ 'x-b': '\u00a0y' }).get('x-b'))
    })

    it('keeps headers set after construction', () => {
      const res = new PlainTextResponse('x')
      res.headers.set('cache-control', 'no-store')
      expect(res.headers.get('cache-control')).toBe('no-store')
    })
  })
})

describeAdapters('PlainTextResponse over HTTP', (t) => {
  it('sends the text, its type and its exact length', async () => {
    const res = await t.fetch(() => new PlainTextResponse('héllo ♥', { status: 201 }))
    expect(res.status).toBe(201)
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(res.headers.get('content-length')).toBe('10')
    expect(await res.text()).toBe('héllo ♥')
  })

  it('sends an empty body with content-length 0', async () => {
    const res = await t.fetch(() => new PlainTextResponse(''))
    expect(res.headers.get('content-length')).toBe('0')
    expect(await res.text()).toBe('')
  })
})
