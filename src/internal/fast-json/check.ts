/**
 * The `validate` option of `FastJSONResponse`: a small structural check that reports, by
 * path, the data that fast-json-stringify would silently change: properties it drops, required
 * properties it throws on, and values of the wrong type it coerces. It reads `type`,
 * `properties`, `required`, `additionalProperties` and `items` only (no Ajv, no code
 * generation, so it also runs on edge runtimes); it is a development aid, not a validator.
 *
 * @internal
 * @module
 */
import type { JSONSchema } from './plan'

function typeOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value
}

function typeMatches(expected: unknown, actual: string): boolean {
  const list = Array.isArray(expected) ? expected : [expected]
  return list.some((t) => t === actual || (t === 'number' && actual === 'integer'))
}

function checkObject(
  schema: JSONSchema,
  value: Record<string, unknown>,
  path: string,
  out: string[]
): void {
  const properties = (schema.properties ?? {}) as Record<string, JSONSchema>
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : []
  for (const key of required) {
    if (value[key] === undefined) out.push(`${path}.${key} is required but missing`)
  }
  const extra = schema.additionalProperties
  const patterns = schema.patternProperties
  for (const [key, child] of Object.entries(value)) {
    const childPath = `${path}.${key}`
    const own = properties[key]
    if (own !== undefined) checkNode(own, child, childPath, out)
    else if (typeof extra === 'object' && extra !== null) {
      checkNode(extra as JSONSchema, child, childPath, out)
    } else if (extra !== true && patterns === undefined && child !== undefined) {
      out.push(`${childPath} is not in the schema and is dropped`)
    }
  }
}

function checkNode(schema: JSONSchema, value: unknown, path: string, out: string[]): void {
  if (typeof schema !== 'object' || schema === null) return
  const actual = typeOf(value)
  if (schema.type !== undefined && value !== undefined && !typeMatches(schema.type, actual)) {
    out.push(`${path} should be ${[schema.type].flat().join(' or ')}, got ${actual}`)
    return
  }
  if (actual === 'object' && (schema.properties !== undefined || schema.type === 'object')) {
    checkObject(schema, value as Record<string, unknown>, path, out)
  } else if (actual === 'array' && typeof schema.items === 'object' && schema.items !== null) {
    const items = schema.items as JSONSchema
    // Report at most a few array items: one bad item usually means all are.
    const list = value as unknown[]
    for (let i = 0; i < list.length && out.length < 20; i++) {
      checkNode(items, list[i], `${path}[${i}]`, out)
    }
  }
}

/** Lists where `value` does not match `schema` (at most about 20 entries). @internal */
export function findMismatches(schema: JSONSchema, value: unknown): string[] {
  const out: string[] = []
  checkNode(schema, value, '$', out)
  return out
}
