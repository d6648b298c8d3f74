/**
 * The schema compiler behind the `./fast-json` entry: fast-json-stringify, after per-node
 * picking (`plan.ts`), cached by schema object and options so that a schema is compiled once.
 * Uses `new Function`, so it is Node/Deno/Bun only (or workerd at start-up); never compile a
 * schema that users supply (fast-json-stringify's README: schemas are code).
 *
 * @internal
 * @module
 */
import build from 'fast-json-stringify'
import { planSchema, type JSONSchema } from './plan'
import { shapeCheckSource } from './shape'
import type { CompileOptions, Serializer } from '../../fast-json-response'

const cache = new WeakMap<object, Map<string, Serializer>>()

/**
 * True where the engine's own `JSON.stringify` writes plain data faster than fast-json-stringify's
 * generated code: every engine measured (Node 22 and 24, Bun, Deno) but V8 before 12 (Node 20),
 * whose `JSON.stringify` escapes strings a character at a time. Bun reports a V8 version too
 * (a recent one), and an engine without one is taken as recent. @internal
 */
export function nativeJSONIsFaster(): boolean {
  const v8 = (globalThis as { process?: { versions?: { v8?: unknown } } }).process?.versions?.v8
  return typeof v8 !== 'string' || Number.parseInt(v8, 10) >= 12
}

/** Read once: the engine does not change, and `compileSchema` runs per request for `init.schema`. */
const NATIVE_IS_FASTER = nativeJSONIsFaster()

/**
 * The schema's shape check (`shape.ts`): true only for data that `JSON.stringify` writes byte
 * for byte as the compiled serializer would; `undefined` when the schema uses a keyword the
 * check does not model. @internal
 */
export function compileShapeCheck(schema: JSONSchema): ((value: unknown) => boolean) | undefined {
  const source = shapeCheckSource(schema)
  if (source === undefined) return undefined
  const make = new Function('OP', 'AP', source) as (
    objectPrototype: object,
    arrayPrototype: object
  ) => (value: unknown) => boolean
  return make(Object.prototype, Array.prototype)
}

/**
 * Compiles `schema` once per (schema object, options); later calls return the cached one.
 * With `native` (by default where {@link nativeJSONIsFaster}), data that passes the schema's
 * shape check (`shape.ts`) is written by `JSON.stringify`, byte for byte what the compiled
 * serializer would write. @internal
 */
export function compileSchema(
  schema: JSONSchema,
  options: CompileOptions = {},
  native = NATIVE_IS_FASTER
): Serializer {
  const key = `${options.numberArrays ?? 'native'}/${options.rounding ?? 'trunc'}/${native}`
  let bySchema = cache.get(schema)
  const hit = bySchema?.get(key)
  if (hit !== undefined) return hit
  const planned = planSchema(schema, options.numberArrays).schema
  let serializer: Serializer
  try {
    const fjsOptions = options.rounding === undefined ? {} : { rounding: options.rounding }
    serializer = (build as unknown as (s: object, o: object) => Serializer)(planned, fjsOptions)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    const hint =
      error instanceof EvalError
        ? ' (code generation is not allowed here: precompile with writeStandalone())'
        : ''
    throw new TypeError(`FastJSONResponse cannot compile its schema${hint}: ${message}`, {
      cause: error,
    })
  }
  const check = native ? compileShapeCheck(schema) : undefined
  if (check !== undefined) {
    const compiled = serializer
    serializer = (value) => (check(value) ? JSON.stringify(value) : compiled(value))
  }
  if (bySchema === undefined) cache.set(schema, (bySchema = new Map()))
  bySchema.set(key, serializer)
  return serializer
}
