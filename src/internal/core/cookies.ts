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
  /**
   * Lifetime in seconds (`Max-Age`); `0` or less expires the cookie at once. `null` or absent
   * sends no `Max-Age`.
   */
  maxAge?: number | null
  /**
   * Expiry: a `Date`, a number of seconds from now, or a string sent as it is. `null` or
   * absent sends no `Expires`.
   */
  expires?: Date | number | string | null
  /**
   * Path the cookie applies to; `null` sends no `Path` attribute, so the browser uses the
   * request path's directory (RFC 6265 §5.1.4), as Starlette's `path=None` does.
   * @defaultValue `'/'`
   */
  path?: string | null
  /** Domain the cookie applies to; `null` or absent sends no `Domain` (host-only cookie). */
  domain?: string | null
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
   * `false` or `null` sends no `SameSite` attribute.
   * @defaultValue `'lax'`
   */
  sameSite?: 'strict' | 'lax' | 'none' | false | null
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
  const encoded = encodeValue(name, value, options.encode ?? encodeURIComponent)
  if (!COOKIE_VALUE.test(encoded)) {
    throw new TypeError(`Cookie "${name}" value has characters outside RFC 6265 cookie-octets`)
  }
  let line = `${name}=${encoded}`
  // `null` and `undefined` both omit an attribute; only `path` and `sameSite` have a default,
  // which `undefined` keeps and `null` drops.
  if (options.maxAge != null) {
    if (!Number.isFinite(options.maxAge))
      throw new RangeError('cookie maxAge must be a finite number')
    line += `; Max-Age=${Math.floor(options.maxAge)}`
  }
  if (options.expires != null) line += `; Expires=${formatExpires(options.expires)}`
  if (options.domain != null) line += `; Domain=${attribute('domain', options.domain)}`
  const path = options.path === undefined ? '/' : options.path
  if (path !== null) line += `; Path=${attribute('path', path)}`
  if (options.secure) line += '; Secure'
  if (options.httpOnly) line += '; HttpOnly'
  const sameSite = options.sameSite === undefined ? 'lax' : options.sameSite
  if (sameSite !== false && sameSite !== null) {
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

/**
 * Runs the encoder; a lone UTF-16 surrogate makes `encodeURIComponent` throw a `URIError`,
 * turned into a `TypeError` naming the cookie like every other bad value.
 */
function encodeValue(name: string, value: string, encode: (value: string) => string): string {
  try {
    return encode(value)
  } catch (error) {
    if (!(error instanceof URIError)) throw error
    throw new TypeError(`Cookie "${name}" value contains a lone UTF-16 surrogate`, {
      cause: error,
    })
  }
}

/**
 * Checks a path, domain or expires attribute: header-safe, and no `;`, which would start a
 * new attribute.
 */
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
