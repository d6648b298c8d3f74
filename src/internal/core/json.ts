/**
 * JSON rendering shared by `JSONResponse` and `NDJSONResponse`: `JSON.stringify` (compact,
 * raw UTF-8), with a clear `TypeError` naming the path of the value that cannot be serialised.
 *
 * @internal
 * @module
 */

/** What to do with `NaN` and `±Infinity`. */
export type NonFiniteMode = 'null' | 'error'

function strictReplacer(this: unknown, _key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new TypeError(`JSON cannot represent ${String(value)}`)
  }
  return value
}

/** Serialises `value`; `undefined` at the top becomes `null`. @internal */
export function renderJSON(value: unknown, nonFinite: NonFiniteMode = 'null'): string {
  if (nonFinite !== 'null' && nonFinite !== 'error') {
    throw new TypeError(`nonFinite must be 'null' or 'error', got ${String(nonFinite)}`)
  }
  let text: string | undefined
  try {
    text = nonFinite === 'error' ? JSON.stringify(value, strictReplacer) : JSON.stringify(value)
  } catch (error) {
    throw explain(value, error, nonFinite)
  }
  // JSON.stringify gives undefined for undefined, functions and symbols at the top level.
  return text ?? 'null'
}

/** Rebuilds the error with the path of the first value that cannot be serialised. */
function explain(value: unknown, error: unknown, nonFinite: NonFiniteMode): TypeError {
  const message = error instanceof Error ? error.message : String(error)
  const path = findBadPath(value, '$', new Set(), nonFinite === 'error')
  const where = path === undefined ? '' : ` at ${path}`
  return new TypeError(`Cannot serialise to JSON${where}: ${message}`, { cause: error })
}

function findBadPath(
  value: unknown,
  path: string,
  seen: Set<object>,
  strict: boolean
): string | undefined {
  if (typeof value === 'bigint') return path
  // In 'null' mode NaN/Infinity serialise fine, so they must not be blamed for another error.
  if (strict && typeof value === 'number' && !Number.isFinite(value)) return path
  if (typeof value !== 'object' || value === null) return undefined
  if (seen.has(value)) return path
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return undefined
  seen.add(value)
  const array = Array.isArray(value)
  for (const key of Object.keys(value)) {
    const childPath = array ? `${path}[${key}]` : `${path}.${key}`
    const found = findBadPath((value as Record<string, unknown>)[key], childPath, seen, strict)
    if (found !== undefined) return found
  }
  seen.delete(value)
  return undefined
}

/** `application/json` and every `+json` type (RFC 6839), without parameters. @internal */
export function isJSONMediaType(mediaType: string): boolean {
  return /^application\/(?:[\w.+-]+\+)?json$/i.test(mediaType)
}
