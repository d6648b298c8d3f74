/**
 * The shape check behind `FastJSONResponse`'s native path: a function built from a JSON Schema
 * that returns `true` only for data that the engine's own `JSON.stringify` writes byte for byte
 * as fast-json-stringify would (plain objects whose own keys follow the schema's property order,
 * values of exactly the declared primitive types, nothing to drop, coerce or fill in). For such
 * data the compiled serializer hands the value to `JSON.stringify`, which is faster than the
 * generated code on every engine but old V8 (docs/architecture.md, "The data path"; the figures
 * are in bench/README.md). Anything else, and any schema keyword it does not know, means
 * "not sure": the data goes to fast-json-stringify as before, so redaction, coercion and
 * `required` errors are unchanged.
 *
 * This module writes the check's source; the compiler (`compile.ts`, where code generation is
 * allowed) turns it into a function, so that every check is inline and monomorphic, as
 * fast-json-stringify's own code is. A check reads each value once; `JSON.stringify` then reads
 * it again (a getter runs twice on the native path).
 *
 * @internal
 * @module
 */
import type { JSONSchema } from './plan'

type Node = Readonly<Record<string, unknown>>

/** Annotations: fast-json-stringify never reads them. */
const ANNOTATIONS = new Set([
  'title',
  'description',
  '$comment',
  '$id',
  '$schema',
  'examples',
  'example',
  'deprecated',
  'readOnly',
  'writeOnly',
  'enum',
])

/**
 * Keywords that change nothing in fast-json-stringify's output beside a `type`; without one, it
 * infers a type from them (`minLength` makes a string) and coerces to it.
 */
const IGNORED = new Set([
  ...ANNOTATIONS,
  'minLength',
  'maxLength',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
])

/** Keywords the check understands (besides {@link IGNORED}). */
const HANDLED = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'nullable',
  'default',
  'format',
])

/** Formats fast-json-stringify writes its own way (dates, unescaped strings). */
const SPECIAL_FORMATS = new Set(['date-time', 'date', 'time', 'unsafe'])

const isRecord = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** The test of each primitive type on the value in `v`. */
const PRIMITIVE: Record<string, string> = {
  string: "typeof v === 'string'",
  integer: 'Number.isInteger(v)',
  number: 'Number.isFinite(v)',
  boolean: "typeof v === 'boolean'",
  null: 'v === null',
}

/** Helper functions of one check's source, numbered as they are written. */
interface Source {
  helpers: string[]
}

/**
 * The source of a function body that, given `OP` (`Object.prototype`) and `AP`
 * (`Array.prototype`), returns the check for `schema`; or `undefined` when the schema uses
 * something the check does not model (`$ref`, `anyOf`, `const`, `additionalProperties: true`,
 * date formats…): then every value goes to fast-json-stringify. @internal
 */
export function shapeCheckSource(schema: JSONSchema): string | undefined {
  const source: Source = { helpers: [] }
  const test = valueTest(schema, source)
  if (test === undefined) return undefined
  // A polluted prototype would make for…in list inherited keys, and a global toJSON would be
  // called by one serializer and not the other. A getter that throws is for fast-json-stringify
  // to report.
  return `${source.helpers.join('\n')}
return function check(v) {
  for (const _ in OP) return false
  if (OP.toJSON !== undefined || AP.toJSON !== undefined) return false
  try { return ${test} } catch { return false }
}`
}

/** A boolean expression over `v`: true when `v` fits `schema` exactly. */
function valueTest(schema: unknown, source: Source): string | undefined {
  if (!isRecord(schema)) return undefined
  for (const key of Object.keys(schema)) {
    if (!IGNORED.has(key) && !HANDLED.has(key)) return undefined
  }
  if (typeof schema.format === 'string' && SPECIAL_FORMATS.has(schema.format)) return undefined
  const type = schema.type
  if (type === undefined) {
    // fast-json-stringify infers a type from `properties`, `minLength`…, and writes a truly
    // untyped value with JSON.stringify: only primitives are sure to come out the same.
    if (!Object.keys(schema).every((key) => ANNOTATIONS.has(key))) return undefined
    return "(typeof v === 'string' || typeof v === 'boolean' || v === null || Number.isFinite(v))"
  }
  const types = Array.isArray(type) ? (type as unknown[]) : [type]
  if (types.length === 0 || !types.every((t) => typeof t === 'string')) return undefined
  const nullable = schema.nullable === true || types.includes('null')
  // An object or array type stands alone or with 'null' (fast-json-stringify tries 'null'
  // first); other mixes go to fast-json-stringify.
  const structured = types.filter((t) => t === 'object' || t === 'array')
  let test: string | undefined
  if (structured.length > 0) {
    if (structured.length > 1 || types.some((t) => t !== structured[0] && t !== 'null')) {
      return undefined
    }
    test = structured[0] === 'object' ? objectTest(schema, source) : arrayTest(schema, source)
  } else if (types.every((t) => typeof t === 'string' && t in PRIMITIVE)) {
    test = types.map((t) => PRIMITIVE[t as string]!).join(' || ')
  }
  if (test === undefined) return undefined
  return nullable ? `(v === null || ${test})` : `(${test})`
}

function objectTest(schema: Node, source: Source): string | undefined {
  const extra = schema.additionalProperties
  if (extra !== undefined && extra !== false) return undefined
  const properties = schema.properties ?? {}
  if (!isRecord(properties)) return undefined
  const required = schema.required ?? []
  if (!Array.isArray(required)) return undefined
  // fast-json-stringify writes the required properties first, each group in schema order.
  const names = Object.keys(properties).sort(
    (a, b) => Number(required.includes(b)) - Number(required.includes(a))
  )
  // A required name outside `properties` is checked but never written, and fast-json-stringify
  // loses a property named `__proto__` from its copy of the schema: leave both to it.
  if (!required.every((r) => names.includes(r as string))) return undefined
  if (names.includes('__proto__')) return undefined
  const tests: string[] = []
  for (const name of names) {
    const test = valueTest(properties[name], source)
    if (test === undefined) return undefined
    tests.push(test)
  }
  // A missing required property throws and a missing one with a default is filled in: both
  // must be present for the output to be JSON.stringify's.
  const needed = names.map(
    (name) => required.includes(name) || (properties[name] as Node).default !== undefined
  )
  const id = source.helpers.length
  const cases = names.map(
    (name, i) => `      case ${JSON.stringify(name)}:
        if (at > ${i} || (at < ${i} && !skipped${id}(o, at, ${i})) || !${tests[i]}) return false
        at = ${i + 1}
        break`
  )
  // `skipped` is true when the properties from…to-1, absent from the data, are absent for both:
  // fast-json-stringify reads obj[name], inherited values included (constructor…). A key
  // found before `at` is out of the schema's order; an unknown one is dropped by the schema.
  // Both serializers leave out an undefined value, wherever its key stands.
  source.helpers.push(`const names${id} = ${JSON.stringify(names)}
const needed${id} = ${JSON.stringify(needed)}
function skipped${id}(o, from, to) {
  for (let i = from; i < to; i++) if (needed${id}[i] || o[names${id}[i]] !== undefined) return false
  return true
}
function object${id}(o) {
  if (typeof o !== 'object' || o === null) return false
  const proto = Object.getPrototypeOf(o)
  if (proto !== OP && proto !== null) return false
  let at = 0
  for (const k in o) {
    const v = o[k]
    if (v === undefined) continue
    switch (k) {
${cases.join('\n')}
      default:
        return false
    }
  }
  return at === ${names.length} || skipped${id}(o, at, ${names.length})
}`)
  return `object${id}(v)`
}

function arrayTest(schema: Node, source: Source): string | undefined {
  const item = valueTest(schema.items, source)
  if (item === undefined) return undefined
  const id = source.helpers.length
  source.helpers.push(`function array${id}(a) {
  if (!Array.isArray(a) || Object.getPrototypeOf(a) !== AP) return false
  for (let i = 0; i < a.length; i++) {
    const v = a[i]
    if (!${item}) return false
  }
  return true
}`)
  return `array${id}(v)`
}
