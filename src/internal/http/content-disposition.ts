/**
 * The `content-disposition` header for a download name (RFC 6266, with RFC 8187 for
 * `filename*`), for a name in any script.
 *
 * Written here rather than with the `content-disposition` package (v2 is edge-safe, but):
 * it sends `filename*` only for non-Latin-1 names, so an ASCII name with quotes or spaces gets
 * a backslash-escaped quoted string that browsers read differently; it leaves `%XX` sequences
 * in the fallback (RFC 6266 appendix D advises against them); and it silently encodes CR and
 * LF where a bad option here is a `TypeError` naming the field.
 *
 * The name itself is never checked against the header byte rule (no character above U+00FF):
 * the header carries only its encoded forms, which are ASCII by construction.
 *
 * @internal
 * @module
 */

// A name made only of these is sent as `filename="name"` alone: RFC 9110 token characters
// minus `%` (read as percent-decoding by some browsers), `'` and `*` (RFC 8187 syntax).
const PLAIN = /^[A-Za-z0-9!#$&+.^_`|~-]+$/
// Unicode Cc: C0 controls, DEL and C1 controls. No file system wants them in a name, and CR,
// LF and NUL are how a header gets split.
const CONTROL = /\p{Cc}/u
// A lone UTF-16 surrogate (with the `u` flag, a paired one is one astral code point, not Cs):
// it has no UTF-8 form, so it cannot be written in `filename*`.
const LONE_SURROGATE = /\p{Cs}/u
// What encodeURIComponent leaves alone but RFC 8187 attr-char does not allow.
const NOT_ATTR_CHAR = /['()*]/g
// Combining marks, dropped from the fallback once NFKD has split them off their base letter.
const MARK = /\p{M}/gu
// Printable ASCII except the three characters RFC 6266 appendix D says to keep out of the
// quoted fallback: `"` and `\` (escaping them is not implemented everywhere) and `%`.
const FALLBACK_SAFE = /^[\x20-\x21\x23-\x24\x26-\x5b\x5d-\x7e]*$/

/** Encodes `name` as an RFC 8187 ext-value: `UTF-8''` plus percent-encoded UTF-8. @internal */
export function encodeExtValue(name: string): string {
  // encodeURIComponent percent-encodes UTF-8 and leaves unreserved characters, which are all
  // attr-chars except `'()*`.
  return (
    "UTF-8''" +
    encodeURIComponent(name).replace(
      NOT_ATTR_CHAR,
      (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()
    )
  )
}

/**
 * The ASCII fallback for clients that ignore `filename*`, one character per character of the
 * name: a letter with accents keeps its base (NFKD, marks dropped: `é` → `e`, `ﬁ` → `fi`),
 * and anything that is still not printable ASCII, or is `"`, `\` or `%`, becomes `_`, so the
 * fallback needs no escaping inside its quotes. @internal
 */
export function asciiFallback(name: string): string {
  let out = ''
  for (const char of name.normalize('NFC')) {
    const base = char.normalize('NFKD').replace(MARK, '')
    out += FALLBACK_SAFE.test(base) ? base : '_'
  }
  // Only marks with no base letter (a name of combining characters) leave nothing.
  return out === '' ? '_' : out
}

/**
 * Builds `<type>; filename="<ascii>"`, plus `; filename*=UTF-8''…` when the name is not plain
 * ASCII token characters (spaces, quotes, `%`, any non-ASCII script). Throws `TypeError` for
 * an empty name, a control character (U+0000–U+001F, U+007F–U+009F) or a lone surrogate.
 * @internal
 */
export function contentDisposition(type: 'attachment' | 'inline', filename: string): string {
  if (typeof filename !== 'string' || filename === '') {
    throw new TypeError('filename must be a non-empty string')
  }
  if (CONTROL.test(filename)) {
    throw new TypeError(
      'filename must not contain control characters (U+0000–U+001F, U+007F–U+009F)'
    )
  }
  if (LONE_SURROGATE.test(filename)) {
    throw new TypeError('filename must not contain a lone UTF-16 surrogate')
  }
  if (PLAIN.test(filename)) return `${type}; filename="${filename}"`
  return `${type}; filename="${asciiFallback(filename)}"; filename*=${encodeExtValue(filename)}`
}
