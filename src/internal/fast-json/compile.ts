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
import type { CompileOptions, Serializer } from '../../fast-json-response'

const cache = new WeakMap<object, Map<string, Serializer>>()

/** Compiles `schema` once per (schema object, options); later calls return the cached one. @internal */
export function compileSchema(schema: JSONSchema, options: CompileOptions = {}): Serializer {
  const key = `${options.numberArrays ?? 'native'}/${options.rounding ?? 'trunc'}`
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
  if (bySchema === undefined) cache.set(schema, (bySchema = new Map()))
  bySchema.set(key, serializer)
  return serializer
}
