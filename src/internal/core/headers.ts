/**
 * Header checks shared by every class: names must be RFC 9110 tokens, and values must be
 * bytes that Node will write: tab, visible ASCII, space and U+0080–U+00FF, nothing else
 * (RFC 9110 §5.5 field-value, with obs-text).
 *
 * @internal
 * @module
 */

/** RFC 9110 §5.6.2 token characters. @internal */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
/**
 * Anything outside RFC 9110 §5.5 field-value characters (HTAB, SP, VCHAR, obs-text).
 * Native `Headers` rejects only CR, LF, NUL and code points above U+00FF (a value is a
 * WebIDL ByteString), but Node's `writeHead` also refuses the other controls (its
 * `checkInvalidHeaderChar` is this same class), and a refusal there reaches the client as a
 * bare 500. Checked here, a bad value is a `TypeError` at construction instead.
 */
const UNSAFE_VALUE = /[^\t\x20-\x7e\x80-\xff]/
/** HTTP whitespace trimmed from values, as `Headers` does (Fetch "normalize"); not `String#trim`. */
const EDGE_WHITESPACE = /^[\t ]+|[\t ]+$/g

/**
 * Throws a `TypeError` naming `field` when `value` holds a control character other than tab
 * (CR, LF, NUL, 0x01–0x1F, DEL) or a character above U+00FF. Characters U+0080–U+00FF pass and
 * go out as one byte each (Latin-1), as `Headers` sends them. @internal
 */
export function assertSafeValue(field: string, value: string): void {
  if (UNSAFE_VALUE.test(value)) {
    throw new TypeError(
      `${field} must not contain CR, LF, NUL, other control characters or characters above U+00FF`
    )
  }
}

/** Returns true when `value` is an RFC 9110 token. @internal */
export function isToken(value: string): boolean {
  return TOKEN.test(value)
}

/** One header line: a lower-case name and its value. @internal */
export type HeaderPair = [name: string, value: string]

/**
 * Turns any `HeadersInit` into a list of lower-case, validated pairs, keeping repeated
 * names (several `set-cookie` lines) as separate entries, as `Headers` does.
 *
 * @internal
 */
export function toHeaderPairs(init: HeadersInit | undefined): HeaderPair[] {
  const pairs: HeaderPair[] = []
  if (init == null) return pairs
  if (typeof init !== 'object')
    throw new TypeError('init.headers must be a Headers, array or object')
  // A `Headers` is iterable too: it joins repeated names with ", " but yields each set-cookie
  // line on its own (Fetch "sort and combine").
  if (Symbol.iterator in init) {
    for (const entry of init as Iterable<readonly string[]>) {
      if (entry.length !== 2)
        throw new TypeError('init.headers entries must be [name, value] pairs')
      pushPair(pairs, String(entry[0]), String(entry[1]))
    }
    return pairs
  }
  for (const name of Object.keys(init)) {
    const value = (init as Record<string, unknown>)[name]
    if (value === undefined) continue
    pushPair(pairs, name, String(value))
  }
  return pairs
}

/** Validates and appends one pair; values are trimmed of HTTP whitespace as `Headers` does. */
function pushPair(pairs: HeaderPair[], name: string, value: string): void {
  if (!TOKEN.test(name)) throw new TypeError(`Invalid header name: ${JSON.stringify(name)}`)
  const lower = name.toLowerCase()
  assertSafeValue(`Header "${lower}"`, value)
  pairs.push([lower, value.replace(EDGE_WHITESPACE, '')])
}

/** Returns the first value of `name` (lower-case) in `pairs`, or undefined. @internal */
export function findHeader(pairs: readonly HeaderPair[], name: string): string | undefined {
  for (const pair of pairs) if (pair[0] === name) return pair[1]
  return undefined
}
