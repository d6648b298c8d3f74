import { describe, expect, it } from 'vitest'
import { encodeLocation } from '../../src/internal/http/location'

describe('encodeLocation', () => {
  it('keeps every character of the safe set and unreserved ones', () => {
    const safe = "ABCXYZabcxyz0189_.-~:/%#?=@[]!$&'()*+,;"
    expect(encodeLocation(safe)).toBe(safe)
    expect(encodeLocation('')).toBe('')
  })

  it('encodes everything else as UTF-8 %XX, runs included', () => {
    expect(encodeLocation(' ♥ ')).toBe('%20%E2%99%A5%20')
    expect(encodeLocation('a😀b')).toBe('a%F0%9F%98%80b')
    expect(encodeLocation('\t\r\n\0\x7f')).toBe('%09%0D%0A%00%7F')
  })

  it('matches Python quote(url, safe=":/%#?=@[]!$&\'()*+,;") for every ASCII character', () => {
    const safe = new Set(
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~:/%#?=@[]!$&'()*+,;"
    )
    for (let code = 0; code < 128; code++) {
      const char = String.fromCharCode(code)
      const expected = safe.has(char)
        ? char
        : `%${code.toString(16).toUpperCase().padStart(2, '0')}`
      expect(encodeLocation(char)).toBe(expected)
    }
  })

  it('throws TypeError for a lone surrogate', () => {
    expect(() => encodeLocation('/a\udc00')).toThrow(TypeError)
  })
})
