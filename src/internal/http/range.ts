/**
 * The `Range` request header (RFC 9110 §14.1–§14.2) for one representation of `size` bytes.
 *
 * Written here rather than taken from `range-parser` because our rules differ from it: a
 * malformed header or an unknown unit is ignored (RFC 9110 §14.2 allows ignoring Range, and
 * requires it for unknown units) where range-parser returns -2 for both; more than
 * {@link MAX_RANGES} ranges are ignored outright (Starlette's CVE-2025-62727 fix, #3430);
 * and ranges are always sorted and merged, overlapping or adjacent, in O(n log n).
 *
 * @internal
 * @module
 */

/** More ranges than this and the header is ignored: the whole file is sent (200). @internal */
export const MAX_RANGES = 100

/** An inclusive byte range `[start, end]`. @internal */
export type ByteRange = readonly [start: number, end: number]

/** What a `Range` header asks for. @internal */
export type RangeResult =
  | { readonly type: 'ignore' }
  | { readonly type: 'unsatisfiable' }
  | { readonly type: 'ranges'; readonly ranges: readonly ByteRange[] }

const IGNORE: RangeResult = { type: 'ignore' }
const UNSATISFIABLE: RangeResult = { type: 'unsatisfiable' }
// RFC 9110 §14.1.1: int-range = first-pos "-" [ last-pos ], suffix-range = "-" suffix-length.
const SPEC = /^(\d*)[ \t]*-[ \t]*(\d*)$/

/**
 * Parses `header` for a representation of `size` bytes: `ignore` for a missing, malformed,
 * non-`bytes` or over-long header; `unsatisfiable` (416) when no range overlaps the
 * representation; otherwise the satisfiable ranges, clamped to the end, sorted and merged.
 *
 * @internal
 */
export function parseRange(header: string | null | undefined, size: number): RangeResult {
  if (header == null) return IGNORE
  const eq = header.indexOf('=')
  if (eq < 0) return IGNORE
  // The unit is a case-insensitive token (RFC 9110 §14.1).
  if (header.slice(0, eq).trim().toLowerCase() !== 'bytes') return IGNORE
  // Empty list elements are allowed by the list rule (RFC 9110 §5.6.1), so `bytes=0-1,,4-5`
  // is valid; a set with no element at all is not.
  const specs = header
    .slice(eq + 1)
    .split(',')
    .map((spec) => spec.trim())
    .filter((spec) => spec !== '')
  if (specs.length === 0 || specs.length > MAX_RANGES) return IGNORE
  const satisfiable: ByteRange[] = []
  for (const spec of specs) {
    const match = SPEC.exec(spec)
    if (match === null) return IGNORE
    const first = match[1]!
    const last = match[2]!
    if (first === '') {
      if (last === '') return IGNORE
      // A suffix longer than the representation means all of it (RFC 9110 §14.1.3).
      const length = Number(last)
      if (length > 0 && size > 0) satisfiable.push([Math.max(0, size - length), size - 1])
      continue
    }
    const start = Number(first)
    const end = last === '' ? Infinity : Number(last)
    // first-pos > last-pos makes the range-spec invalid (§14.1.1), so the header is malformed.
    if (end < start) return IGNORE
    if (start < size) satisfiable.push([start, Math.min(end, size - 1)])
  }
  if (satisfiable.length === 0) return UNSATISFIABLE
  return { type: 'ranges', ranges: mergeRanges(satisfiable) }
}

/**
 * Sorts `ranges` by start and merges overlapping and adjacent ones: one sort plus one pass,
 * O(n log n) (the quadratic merge was CVE-2025-62727). @internal
 */
export function mergeRanges(ranges: ByteRange[]): ByteRange[] {
  ranges.sort((a, b) => a[0] - b[0])
  const merged: [number, number][] = []
  for (const [start, end] of ranges) {
    const last = merged[merged.length - 1]
    if (last !== undefined && start <= last[1] + 1) last[1] = Math.max(last[1], end)
    else merged.push([start, end])
  }
  return merged
}
