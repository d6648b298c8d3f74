/**
 * `Location` encoding with Starlette's safe set (Python `quote(url, safe=":/%#?=@[]!$&'()*+,;")`):
 * unreserved and those characters stay, existing `%XX` stays, everything else becomes UTF-8
 * `%XX`. CR, LF and NUL therefore never reach the header.
 *
 * @internal
 * @module
 */

const SAFE = /^[A-Za-z0-9_.\-~:/%#?=@[\]!$&'()*+,;]$/

/** Percent-encodes `url` for a `Location` header; throws `TypeError` on a lone surrogate. @internal */
export function encodeLocation(url: string): string {
  let out = ''
  for (const char of url) {
    if (SAFE.test(char)) out += char
    else {
      try {
        out += encodeURIComponent(char)
      } catch {
        throw new TypeError('Redirect URL contains a lone UTF-16 surrogate')
      }
    }
  }
  return out
}
