import { describe, expect, it } from 'vitest'
import { contentTypeFor, isNullBodyStatus } from '../../src/internal/core/media-type'

describe('contentTypeFor', () => {
  it('appends the charset to text/* types without one', () => {
    expect(contentTypeFor('text/plain', 'utf-8')).toBe('text/plain; charset=utf-8')
    expect(contentTypeFor('text/event-stream', 'utf-8')).toBe('text/event-stream; charset=utf-8')
  })

  it('leaves a text/* type with a charset (any case) and every other type alone', () => {
    expect(contentTypeFor('text/plain;CHARSET=ascii', 'utf-8')).toBe('text/plain;CHARSET=ascii')
    expect(contentTypeFor('application/json', 'utf-8')).toBe('application/json')
    expect(contentTypeFor('Text/Plain', 'utf-8')).toBe('Text/Plain')
  })

  it('throws TypeError naming mediaType or charset for unsafe input', () => {
    expect(() => contentTypeFor('text/plain\n', 'utf-8')).toThrow(/^mediaType must not contain/)
    expect(() => contentTypeFor('text/plain', 'a\rb')).toThrow(/^charset must not contain/)
    expect(() => contentTypeFor('text/plain\x01', 'utf-8')).toThrow(/^mediaType must not contain/)
    expect(() => contentTypeFor('text/html', 'utf\x7f8')).toThrow(/^charset must not contain/)
    expect(() => contentTypeFor(1 as unknown as string, 'utf-8')).toThrow(
      'mediaType must be a string or null'
    )
  })
})

describe('isNullBodyStatus', () => {
  it('is true for 1xx, 204 and 304 only', () => {
    expect([100, 101, 199, 204, 304].every(isNullBodyStatus)).toBe(true)
    expect([200, 205, 206, 301, 404].some(isNullBodyStatus)).toBe(false)
  })
})
