/**
 * The `content-disposition` header for a download name (RFC 6266, with RFC 8187 for
 * `filename*`).
 *
 * Written here rather than with the `content-disposition` package (v2 is edge-safe, but):
 * it sends `filename*` only for non-Latin-1 names, so an ASCII name with quotes or spaces gets
 * a backslash-escaped quoted string that browsers read differently; it leaves `%XX` sequences
 * in the fallback (RFC 6266 appendix D advises against them); and it silently encodes CR and
 * LF where our rule 7 is a `TypeError` naming the field.
 *
 * @internal
 * @module
 */
import { assertSafeValue } from '../core/headers'

// A name made only of these is sent as `filename="name"` alone: RFC 9110 token characters
// minus `%` (read as percent-decoding by some browsers), `'` and `*` (RFC 8187 syntax).
const PLAIN = /^[A-Za-z0-9!#$&+.^_`|~-]+$/
// RFC 8187 §3.2.1 attr-char: everything else is percent-encoded from UTF-8.
const ATTR_CHAR = /[A-Za-z0-9!#$&+.^_`|~-]/

/** Encodes `name` as an RFC 8187 ext-value: `UTF-8''` plus percent-encoded UTF-8. @internal */
export function encodeExtValue(name: string): string {
  let out = "UTF-8''"
  for (const char of name) {
    if (ATTR_CHAR.test(char)) out += char
    else
      for (const byte of new TextEncoder().encode(char)) {
        out += '%' + byte.toString(16).toUpperCase().padStart(2, '0')
      }
  }
  return out
}

/**
 * The ASCII fallback for old clients: accents dropped (NFKD), other non-ASCII, controls, `%`,
 * quotes and backslashes replaced by `_`, so it needs no escaping inside the quotes. @internal
 */
export function asciiFallback(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\%]/g, '_')
}

/**
 * Builds `<type>; filename="<ascii>"`, plus `; filename*=UTF-8''…` when the name is not plain
 * ASCII token characters (spaces, quotes, `%`, non-ASCII). Throws `TypeError` for CR, LF or
 * NUL, or an empty name. @internal
 */
export function contentDisposition(type: 'attachment' | 'inline', filename: string): string {
  if (typeof filename !== 'string' || filename === '') {
    throw new TypeError('filename must be a non-empty string')
  }
  assertSafeValue('filename', filename)
  if (PLAIN.test(filename)) return `${type}; filename="${filename}"`
  return `${type}; filename="${asciiFallback(filename)}"; filename*=${encodeExtValue(filename)}`
}
