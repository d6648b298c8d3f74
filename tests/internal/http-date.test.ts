import { describe, expect, it } from 'vitest'
import { parseHttpDate } from '../../src/internal/http/http-date'

const T = Date.UTC(1994, 10, 6, 8, 49, 37)
const NOW = Date.UTC(2026, 11, 1)

describe('parseHttpDate', () => {
  it.each([
    ['IMF-fixdate', 'Sun, 06 Nov 1994 08:49:37 GMT'],
    ['rfc850-date', 'Sunday, 06-Nov-94 08:49:37 GMT'],
    ['asctime-date, one-digit day', 'Sun Nov  6 08:49:37 1994'],
    ['asctime-date, two-digit day', 'Sun Nov 06 08:49:37 1994'],
  ])('reads the %s form', (_, value) => {
    expect(parseHttpDate(value, NOW)).toBe(T)
  })

  it.each([
    ['a bare month, day and year', 'Jan 1 3000'],
    ['ISO 8601', '3000-01-01T00:00:00Z'],
    ['free text', 'tomorrow 2050'],
    ['a bare number', '1700000000'],
    ['an empty value', ''],
    ['a list of two dates', 'Sun, 06 Nov 1994 08:49:37 GMT, Sun, 06 Nov 1994 08:49:37 GMT'],
    ['another zone', 'Sun, 06 Nov 1994 08:49:37 UTC'],
    ['a numeric offset', 'Sun, 06 Nov 1994 08:49:37 +0000'],
    ['lower-case names', 'sun, 06 nov 1994 08:49:37 gmt'],
    ['a one-digit day in IMF-fixdate', 'Sun, 6 Nov 1994 08:49:37 GMT'],
    ['extra spaces', 'Sun,  06 Nov 1994 08:49:37 GMT'],
    ['surrounding text', 'x Sun, 06 Nov 1994 08:49:37 GMT'],
    ['an unknown month', 'Sun, 06 Noe 1994 08:49:37 GMT'],
    ['31 February', 'Sat, 31 Feb 2026 00:00:00 GMT'],
    ['day 00', 'Sat, 00 Feb 2026 00:00:00 GMT'],
    ['hour 24', 'Sun, 06 Nov 1994 24:00:00 GMT'],
    ['minute 60', 'Sun, 06 Nov 1994 08:60:00 GMT'],
    ['second 61', 'Sun, 06 Nov 1994 08:49:61 GMT'],
    ['a short day name in rfc850', 'Sun, 06-Nov-94 08:49:37 GMT'],
    ['a long day name in IMF-fixdate', 'Sunday, 06 Nov 1994 08:49:37 GMT'],
    ['asctime with GMT', 'Sun Nov  6 08:49:37 1994 GMT'],
  ])('returns NaN for %s', (_, value) => {
    expect(parseHttpDate(value, NOW)).toBeNaN()
  })

  it('reads a leap second, 29 February of a leap year and years below 100', () => {
    expect(parseHttpDate('Wed, 31 Dec 2025 23:59:60 GMT')).toBe(Date.UTC(2026, 0, 1))
    expect(parseHttpDate('Thu, 29 Feb 2024 00:00:00 GMT')).toBe(Date.UTC(2024, 1, 29))
    expect(parseHttpDate('Sun, 29 Feb 2026 00:00:00 GMT')).toBeNaN()
    expect(new Date(parseHttpDate('Thu, 01 Jan 0099 00:00:00 GMT')).toISOString()).toBe(
      '0099-01-01T00:00:00.000Z'
    )
  })

  it('places a two-digit rfc850 year at most 50 years ahead of now', () => {
    expect(parseHttpDate('Monday, 01-Jan-30 00:00:00 GMT', NOW)).toBe(Date.UTC(2030, 0, 1))
    expect(parseHttpDate('Monday, 01-Jan-76 00:00:00 GMT', NOW)).toBe(Date.UTC(2076, 0, 1))
    expect(parseHttpDate('Monday, 01-Jan-77 00:00:00 GMT', NOW)).toBe(Date.UTC(1977, 0, 1))
  })
})
