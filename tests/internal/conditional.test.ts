import { describe, expect, it } from 'vitest'
import {
  evaluatePreconditions,
  ifRangeAllows,
  parseETagList,
} from '../../src/internal/http/conditional'

const V = { etag: '"abc"', lastModified: 'Sat, 21 Nov 2026 12:00:00 GMT' }
const EARLIER = 'Sat, 21 Nov 2026 11:00:00 GMT'
const LATER = 'Sat, 21 Nov 2026 13:00:00 GMT'
const check = (headers: Record<string, string>, method = 'GET') =>
  evaluatePreconditions(method, new Headers(headers), V)

describe('evaluatePreconditions', () => {
  describe('If-Match', () => {
    it('returns 412 when no tag matches strongly', () => {
      expect(check({ 'if-match': '"x", "y"' })).toBe(412)
      expect(check({ 'if-match': 'W/"abc"' })).toBe(412)
    })

    it('proceeds on a strong match or *', () => {
      expect(check({ 'if-match': '"x", "abc"' })).toBe('proceed')
      expect(check({ 'if-match': '*' })).toBe('proceed')
    })

    it('makes If-Unmodified-Since ignored when present', () => {
      expect(check({ 'if-match': '"abc"', 'if-unmodified-since': EARLIER })).toBe('proceed')
    })
  })

  describe('If-Unmodified-Since', () => {
    it('returns 412 when modified after the date', () => {
      expect(check({ 'if-unmodified-since': EARLIER })).toBe(412)
      expect(check({ 'if-unmodified-since': LATER })).toBe('proceed')
    })

    it('ignores an invalid date', () => {
      expect(check({ 'if-unmodified-since': 'yesterday-ish' })).toBe('proceed')
      expect(check({ 'if-unmodified-since': '12345' })).toBe('proceed')
    })
  })

  describe('If-None-Match', () => {
    it('returns 304 for GET and HEAD on a weak match, 412 for other methods', () => {
      expect(check({ 'if-none-match': 'W/"abc"' })).toBe(304)
      expect(check({ 'if-none-match': '"x", "abc"' }, 'HEAD')).toBe(304)
      expect(check({ 'if-none-match': '*' })).toBe(304)
      expect(check({ 'if-none-match': '"abc"' }, 'POST')).toBe(412)
    })

    it('proceeds when no tag matches, even if If-Modified-Since would give 304', () => {
      expect(check({ 'if-none-match': '"x"', 'if-modified-since': LATER })).toBe('proceed')
    })
  })

  describe('If-Modified-Since', () => {
    it('returns 304 when not modified since the date, only for GET and HEAD', () => {
      expect(check({ 'if-modified-since': V.lastModified })).toBe(304)
      expect(check({ 'if-modified-since': LATER })).toBe(304)
      expect(check({ 'if-modified-since': EARLIER })).toBe('proceed')
      expect(check({ 'if-modified-since': LATER }, 'POST')).toBe('proceed')
    })
  })

  describe('dates that are not HTTP-dates (RFC 9110 §13.1.3)', () => {
    const NOT_DATES = ['Jan 1 3000', '3000-01-01T00:00:00Z', 'tomorrow 2050', 'Jan 1 1990']
    it.each(NOT_DATES)('ignores If-Modified-Since: %s', (value) => {
      expect(check({ 'if-modified-since': value })).toBe('proceed')
    })

    it.each(NOT_DATES)('ignores If-Unmodified-Since: %s', (value) => {
      expect(check({ 'if-unmodified-since': value })).toBe('proceed')
    })

    it('reads the obsolete rfc850 and asctime forms', () => {
      expect(check({ 'if-modified-since': 'Saturday, 21-Nov-26 13:00:00 GMT' })).toBe(304)
      expect(check({ 'if-modified-since': 'Sat Nov 21 13:00:00 2026' })).toBe(304)
      expect(check({ 'if-unmodified-since': 'Sat Nov 21 11:00:00 2026' })).toBe(412)
    })

    it('skips date conditions when last-modified is not an HTTP-date', () => {
      const odd = { etag: undefined, lastModified: 'Jan 1 2000' }
      const headers = new Headers({ 'if-modified-since': LATER })
      expect(evaluatePreconditions('GET', headers, odd)).toBe('proceed')
    })
  })

  it('evaluates If-Match before If-None-Match', () => {
    expect(check({ 'if-match': '"x"', 'if-none-match': '"abc"' })).toBe(412)
  })
})

describe('ifRangeAllows', () => {
  const allows = (value?: string) =>
    ifRangeAllows(new Headers(value === undefined ? {} : { 'if-range': value }), V)

  it('allows the range without If-Range, on an exact strong tag or the exact date', () => {
    expect(allows()).toBe(true)
    expect(allows('"abc"')).toBe(true)
    expect(allows(V.lastModified)).toBe(true)
  })

  it('refuses an exact match that is not an HTTP-date', () => {
    const headers = new Headers({ 'if-range': 'Jan 1 3000' })
    expect(ifRangeAllows(headers, { etag: undefined, lastModified: 'Jan 1 3000' })).toBe(false)
  })

  it('refuses a weak tag, another tag or another date', () => {
    expect(allows('W/"abc"')).toBe(false)
    expect(allows('"abd"')).toBe(false)
    expect(allows(LATER)).toBe(false)
  })
})

describe('parseETagList', () => {
  it('splits on commas outside quotes', () => {
    expect(parseETagList('"a,b", W/"c" ,"d",,*')).toEqual(['"a,b"', 'W/"c"', '"d"', '*'])
  })
})
