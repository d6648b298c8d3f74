/**
 * `Set-Cookie` serialisation (RFC 6265 §4.1), with every attribute checked so nothing unsafe
 * reaches the wire.
 *
 * @internal
 * @module
 */
import { assertSafeValue, isToken } from './headers'

/** Options for {@link BaseResponse.setCookie}; every field is optional. */
export interface CookieOptions {
  /** Lifetime in seconds (`Max-Age`); `0` or less expires the cookie at once. */
  maxAge?: number
  /** Expiry: a `Date`, a number of seconds from now, or a string sent as it is. */
  expires?: Date | number | string
  /**
   * Path the cookie applies to.
   * @defaultValue `'/'`
   */
  path?: string
  /** Domain the cookie applies to. */
  domain?: string
  /**
   * Send only over HTTPS.
   * @defaultValue `false`
   */
  secure?: boolean
  /**
   * Hide from `document.cookie`.
   * @defaultValue `false`
   */
  httpOnly?: boolean
  /**
   * Cross-site policy. `'none'` without `secure: true` is a `TypeError`: browsers drop it.
   * @defaultValue `'lax'`
   */
  sameSite?: 'strict' | 'lax' | 'none' | false
  /**
   * CHIPS partitioned cookie; without `secure: true` it is a `TypeError` (browsers drop it).
   * @defaultValue `false`
   */
  partitioned?: boolean
  /**
   * Encodes the value; the default percent-encodes anything outside RFC 6265's cookie-octets,
   * as Express does.
   * @defaultValue `encodeURIComponent`
   */
  encode?: (value: string) => string
}

/** RFC 6265 cookie-octet: visible ASCII except `"`, `,`, `;` and `\`. */
const COOKIE_VALUE = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*$/

/** `SameSite` labels; a null-prototype object, so `'toString'` is not mistaken for one. */
const SAME_SITE: Record<string, string | undefined> = {
  __proto__: null,
  strict: 'Strict',
  lax: 'Lax',
  none: 'None',
} as never

/** Builds one `Set-Cookie` value; throws `TypeError`/`RangeError` naming the bad option. @internal */
export function serializeCookie(name: string, value: string, options: CookieOptions = {}): string {
  if (typeof name !== 'string' || !isToken(name)) {
    throw new TypeError(
      `Cookie name must be a token without separators, got ${JSON.stringify(name)}`
    )
  }
  if (typeof value !== 'string') throw new TypeError('Cookie value must be a string')
  const encoded = (options.encode ?? encodeURIComponent)(value)
  if (!COOKIE_VALUE.test(encoded)) {
    throw new TypeError(`Cookie "${name}" value has characters outside RFC 6265 cookie-octets`)
  }
  let line = `${name}=${encoded}`
  if (options.maxAge !== undefined) {
    if (!Number.isFinite(options.maxAge))
      throw new RangeError('cookie maxAge must be a finite number')
    line += `; Max-Age=${Math.floor(options.maxAge)}`
  }
  if (options.expires !== undefined) line += `; Expires=${formatExpires(options.expires)}`
  if (options.domain !== undefined) line += `; Domain=${attribute('domain', options.domain)}`
  line += `; Path=${attribute('path', options.path ?? '/')}`
  if (options.secure) line += '; Secure'
  if (options.httpOnly) line += '; HttpOnly'
  const sameSite = options.sameSite ?? 'lax'
  if (sameSite !== false) {
    const label = SAME_SITE[sameSite]
    if (typeof label !== 'string') {
      throw new TypeError(
        `cookie sameSite must be 'strict', 'lax', 'none' or false, got ${String(sameSite)}`
      )
    }
    // Browsers drop SameSite=None and Partitioned cookies without Secure; fail loudly instead.
    if (sameSite === 'none' && !options.secure) {
      throw new TypeError("cookie sameSite 'none' requires secure: true")
    }
    line += `; SameSite=${label}`
  }
  if (options.partitioned) {
    if (!options.secure) throw new TypeError('cookie partitioned requires secure: true')
    line += '; Partitioned'
  }
  return line
}

/** Checks a path or domain attribute: no CR/LF/NUL and no `;`, which would start a new attribute. */
function attribute(field: string, value: string): string {
  if (typeof value !== 'string') throw new TypeError(`cookie ${field} must be a string`)
  assertSafeValue(`cookie ${field}`, value)
  if (value.includes(';')) throw new TypeError(`cookie ${field} must not contain ";"`)
  return value
}

function formatExpires(expires: Date | number | string): string {
  if (typeof expires === 'string') return attribute('expires', expires)
  const date = typeof expires === 'number' ? new Date(Date.now() + expires * 1000) : expires
  // NaN, ±Infinity and an invalid Date all end here as a Date whose time is NaN.
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new RangeError(
      'cookie expires must be a valid Date, a finite number of seconds or a string'
    )
  }
  return date.toUTCString()
}
