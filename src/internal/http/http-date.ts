/**
 * HTTP-date parsing (RFC 9110 §5.6.7): the preferred IMF-fixdate and the two obsolete forms a
 * recipient must still read, rfc850-date and asctime-date. Nothing else is a date here:
 * `Date.parse` would also read `Jan 1 3000`, ISO 8601 or `tomorrow 2050`, and RFC 9110 §13.1.3
 * says a conditional header holding something that is not an HTTP-date is ignored.
 *
 * @internal
 * @module
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

// The grammar's names are case-sensitive (`%s"Sun"`, `%s"GMT"`); the day name is not checked
// against the date, as it carries nothing the date does not.
/** `Sun, 06 Nov 1994 08:49:37 GMT` */
const IMF_FIXDATE =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d\d) ([A-Z][a-z]{2}) (\d{4}) (\d\d):(\d\d):(\d\d) GMT$/
/** `Sunday, 06-Nov-94 08:49:37 GMT` */
const RFC850_DATE =
  /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\d\d)-([A-Z][a-z]{2})-(\d\d) (\d\d):(\d\d):(\d\d) GMT$/
/** `Sun Nov  6 08:49:37 1994` (the day is two digits, or a space and one digit) */
const ASCTIME_DATE =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) (\d\d| \d) (\d\d):(\d\d):(\d\d) (\d{4})$/

/**
 * Parses an HTTP-date to milliseconds since the epoch, or NaN when `value` is not one of the
 * three forms or names an impossible time (31 Feb, 24:00:00). `now` places an rfc850 two-digit
 * year: one that would be more than 50 years ahead is read in the past century (§5.6.7).
 * @internal
 */
export function parseHttpDate(value: string, now = Date.now()): number {
  let m = IMF_FIXDATE.exec(value)
  if (m !== null) return toTime(+m[3]!, m[2]!, +m[1]!, m[4]!, m[5]!, m[6]!)
  m = ASCTIME_DATE.exec(value)
  if (m !== null) return toTime(+m[6]!, m[1]!, +m[2]!, m[3]!, m[4]!, m[5]!)
  m = RFC850_DATE.exec(value)
  if (m === null) return NaN
  const thisYear = new Date(now).getUTCFullYear()
  let year = thisYear - (thisYear % 100) + +m[3]!
  if (year > thisYear + 50) year -= 100
  return toTime(year, m[2]!, +m[1]!, m[4]!, m[5]!, m[6]!)
}

function toTime(year: number, monthName: string, day: number, h: string, m: string, s: string) {
  const month = MONTHS.indexOf(monthName)
  const hours = +h
  const minutes = +m
  const seconds = +s
  // `second` may be 60, a leap second; Date rolls it into the next minute.
  if (month < 0 || hours > 23 || minutes > 59 || seconds > 60) return NaN
  const date = new Date(0)
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
  date.setUTCFullYear(year, month, day)
  if (date.getUTCMonth() !== month || date.getUTCDate() !== day) return NaN
  return date.setUTCHours(hours, minutes, seconds)
}
