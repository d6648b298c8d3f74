/**
 * Conditional requests (RFC 9110 §13): the preconditions evaluated in the order of §13.2.2,
 * and the `If-Range` check of §13.1.5.
 *
 * @internal
 * @module
 */
import { parseHttpDate } from './http-date'

/** The validators of the selected representation. @internal */
export interface Validators {
  /** The `etag` field value, quoted, maybe `W/`-prefixed; undefined when there is none. */
  readonly etag: string | undefined
  /** The `last-modified` field value, an IMF-fixdate; undefined when there is none. */
  readonly lastModified: string | undefined
}

/** What the preconditions decided: go on, or answer 304 / 412 now. @internal */
export type PreconditionResult = 'proceed' | 304 | 412

/** Splits an entity-tag list on commas outside quotes (opaque tags may hold commas). @internal */
export function parseETagList(value: string): string[] {
  const tags: string[] = []
  let i = 0
  while (i < value.length) {
    const c = value[i]!
    if (c === ',' || c === ' ' || c === '\t') {
      i++
      continue
    }
    const quote = value.startsWith('W/"', i) ? i + 2 : c === '"' ? i : -1
    let end = quote >= 0 ? value.indexOf('"', quote + 1) + 1 : value.indexOf(',', i)
    if (end <= 0) end = value.length
    tags.push(value.slice(i, end).trim())
    i = end
  }
  return tags
}

function opaque(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag
}

/** Strong comparison (§8.8.3.2): both tags strong and their opaque parts equal. */
function strongMatch(a: string, b: string): boolean {
  return !a.startsWith('W/') && !b.startsWith('W/') && a === b
}

/** Weak comparison (§8.8.3.2): the opaque parts are equal, `W/` ignored. */
function weakMatch(a: string, b: string): boolean {
  return opaque(a) === opaque(b)
}

/** Parses a header's HTTP-date to milliseconds; NaN when absent or not an HTTP-date. */
function parseDate(value: string | null | undefined): number {
  return value == null ? NaN : parseHttpDate(value)
}

/**
 * Evaluates If-Match, If-Unmodified-Since, If-None-Match and If-Modified-Since in the order
 * of RFC 9110 §13.2.2, for a representation that exists. @internal
 */
export function evaluatePreconditions(
  method: string,
  headers: Headers,
  validators: Validators
): PreconditionResult {
  const { etag, lastModified } = validators
  // A last-modified that is not an HTTP-date is no validator: date conditions are skipped.
  const modified = parseDate(lastModified)
  const ifMatch = headers.get('if-match')
  if (ifMatch !== null) {
    // Step 1: If-Match uses the strong comparison; `*` matches any current representation.
    const tags = parseETagList(ifMatch)
    if (!tags.includes('*') && (etag === undefined || !tags.some((t) => strongMatch(t, etag)))) {
      return 412
    }
  } else {
    // Step 2: only when If-Match is absent; a value that is not an HTTP-date is ignored.
    const since = parseDate(headers.get('if-unmodified-since'))
    if (!Number.isNaN(since) && !Number.isNaN(modified) && modified > since) return 412
  }
  const safe = method === 'GET' || method === 'HEAD'
  const ifNoneMatch = headers.get('if-none-match')
  if (ifNoneMatch !== null) {
    // Step 3: the weak comparison; a match is 304 for GET/HEAD and 412 for other methods.
    const tags = parseETagList(ifNoneMatch)
    const matched =
      tags.includes('*') || (etag !== undefined && tags.some((t) => weakMatch(t, etag)))
    if (matched) return safe ? 304 : 412
  } else if (safe) {
    // Step 4: If-Modified-Since only when If-None-Match is absent, and only for GET/HEAD;
    // a value that is not an HTTP-date is ignored (§13.1.3).
    const since = parseDate(headers.get('if-modified-since'))
    if (!Number.isNaN(since) && !Number.isNaN(modified) && modified <= since) return 304
  }
  return 'proceed'
}

/**
 * True when a `Range` may be served under `If-Range` (§13.1.5): the header is absent, or it is
 * a strong entity-tag equal to the current one, or an HTTP-date exactly equal to the current
 * `last-modified`. Anything else (a weak tag, another date, a value that is not an HTTP-date)
 * means: send the whole representation. @internal
 */
export function ifRangeAllows(headers: Headers, validators: Validators): boolean {
  const value = headers.get('if-range')
  if (value === null) return true
  const tag = value.trim()
  if (tag.startsWith('"') || tag.startsWith('W/')) {
    return validators.etag !== undefined && strongMatch(tag, validators.etag)
  }
  return tag === validators.lastModified && !Number.isNaN(parseHttpDate(tag))
}
