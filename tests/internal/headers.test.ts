import { describe, expect, it } from 'vitest'
import {
  assertSafeValue,
  findHeader,
  isToken,
  toHeaderPairs,
} from '../../src/internal/core/headers'

describe('toHeaderPairs', () => {
  it('returns no pairs for undefined and null', () => {
    expect(toHeaderPairs(undefined)).toEqual([])
    expect(toHeaderPairs(null as unknown as undefined)).toEqual([])
  })

  it('lower-cases names, keeps order and repeated names', () => {
    expect(
      toHeaderPairs([
        ['X-A', '1'],
        ['Set-Cookie', 'a=1'],
        ['set-cookie', 'b=2'],
      ])
    ).toEqual([
      ['x-a', '1'],
      ['set-cookie', 'a=1'],
      ['set-cookie', 'b=2'],
    ])
  })

  it('reads a Headers with each set-cookie apart and other repeats joined', () => {
    const headers = new Headers([
      ['vary', 'a'],
      ['vary', 'b'],
      ['set-cookie', 'x=1'],
      ['set-cookie', 'y=2'],
    ])
    expect(toHeaderPairs(headers)).toEqual([
      ['set-cookie', 'x=1'],
      ['set-cookie', 'y=2'],
      ['vary', 'a, b'],
    ])
  })

  it('reads a record, skipping undefined and stringifying other values', () => {
    const init = { a: '1', b: undefined, c: 2 } as unknown as HeadersInit
    expect(toHeaderPairs(init)).toEqual([
      ['a', '1'],
      ['c', '2'],
    ])
  })

  it('reads any iterable of pairs', () => {
    const init = new Map([['x', 'y']]) as unknown as HeadersInit
    expect(toHeaderPairs(init)).toEqual([['x', 'y']])
  })

  it('trims spaces and tabs only', () => {
    expect(toHeaderPairs({ a: ' \t v \t ', b: '\u00a0v\u00a0' })).toEqual([
      ['a', 'v'],
      ['b', '\u00a0v\u00a0'],
    ])
  })

  it('throws TypeError for a non-object, a bad entry, a bad name or an unsafe value', () => {
    expect(() => toHeaderPairs('a: b' as unknown as HeadersInit)).toThrow(
      'init.headers must be a Headers, array or object'
    )
    expect(() => toHeaderPairs([['a', 'b', 'c']] as unknown as HeadersInit)).toThrow(
      'init.headers entries must be [name, value] pairs'
    )
    expect(() => toHeaderPairs({ 'a:b': '1' })).toThrow('Invalid header name: "a:b"')
    expect(() => toHeaderPairs({ '': '1' })).toThrow('Invalid header name: ""')
    expect(() => toHeaderPairs({ A: 'x\r\ny' })).toThrow('Header "a" must not contain CR, LF, NUL')
  })
})

describe('assertSafeValue', () => {
  it.each(['a\rb', 'a\nb', 'a\0b', '♥', '\ud83d\ude00'])(
    'rejects %j, naming the field',
    (value) => {
      expect(() => assertSafeValue('the field', value)).toThrow(/^the field must not contain/)
    }
  )

  it.each(['', 'plain', 'tab\there', 'latin-1 é ÿ', '"quoted"; x=1'])('accepts %j', (value) => {
    expect(() => assertSafeValue('f', value)).not.toThrow()
  })

  it('agrees with native Headers on every code unit from 0 to 0x17f', () => {
    for (let code = 0; code < 0x180; code++) {
      const value = `a${String.fromCharCode(code)}a`
      let native = true
      try {
        new Headers({ x: value })
      } catch {
        native = false
      }
      let ours = true
      try {
        assertSafeValue('x', value)
      } catch {
        ours = false
      }
      expect([code, ours]).toEqual([code, native])
    }
  })
})

describe('isToken', () => {
  it('accepts RFC 9110 tokens and rejects separators', () => {
    expect(isToken("!#$%&'*+-.^_`|~09AZaz")).toBe(true)
    for (const c of '()<>@,;:\\"/[]?={} \t') expect(isToken(`a${c}`)).toBe(false)
    expect(isToken('')).toBe(false)
  })
})

describe('findHeader', () => {
  it('returns the first value of a lower-case name', () => {
    expect(
      findHeader(
        [
          ['a', '1'],
          ['a', '2'],
        ],
        'a'
      )
    ).toBe('1')
    expect(findHeader([], 'a')).toBeUndefined()
  })
})
