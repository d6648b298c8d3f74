/**
 * `Location` encoding with Starlette's safe set (Python `quote(url, safe=":/%#?=@[]!$&'()*+,;")`):
 * unreserved and those characters stay, existing `%XX` stays, everything else becomes UTF-8
 * `%XX`. CR, LF and NUL therefore never reach the header.
 *
 * @internal
 * @module
 */

/** Runs of characters outside the safe set; each run is encoded as UTF-8 `%XX`. */
const UNSAFE = /[^A-Za-z0-9_.\-~:/%#?=@[\]!$&'()*+,;]+/g

/** Percent-encodes `url` for a `Location` header; throws `TypeError` on a lone surrogate. @internal */
export function encodeLocation(url: string): string {
  try {
    // encodeURIComponent encodes every character of the run (it has no safe set of its own
    // beyond unreserved ones, which never occur in a run) and throws URIError on a lone surrogate.
    return url.replace(UNSAFE, (run) => encodeURIComponent(run))
  } catch {
    throw new TypeError('Redirect URL contains a lone UTF-16 surrogate')
  }
}
