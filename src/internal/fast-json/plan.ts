/**
 * Per-node serializer picking for `FastJSONResponse`: before compiling, the schema is copied
 * and every node where the engine's own `JSON.stringify` is faster than fast-json-stringify's
 * generated loop is replaced by an untyped node, which fast-json-stringify writes with
 * `JSON.stringify(value)`.
 *
 * Measured on this machine (bench/fast-json.bench.ts, 1536-float arrays, output flattened as a
 * socket write does): on V8 11 (Node 20) the generated loop is 2.5–3× faster than
 * `JSON.stringify`; on V8 12–13 (Node 22/24) `JSON.stringify` is 5–25 % faster, and V8 13.8
 * added its side-effect-free fast path (https://v8.dev/blog/json-stringify). So number arrays go
 * native from V8 12 on, and through the loop before that.
 *
 * @internal
 * @module
 */

/** A JSON Schema object (draft 7 / 2019-09 / 2020-12, as fast-json-stringify reads it). */
export type JSONSchema = { readonly [keyword: string]: unknown }

/**
 * How arrays of numbers are written: `'native'` with `JSON.stringify`, `'compiled'` with
 * fast-json-stringify's loop, `'auto'` by the engine (native from V8 12 on).
 */
export type NumberArrayMode = 'auto' | 'native' | 'compiled'

/** Keywords whose values are data, never sub-schemas: the walk must not rewrite them. */
const DATA_KEYWORDS = new Set(['const', 'default', 'enum', 'examples', 'example', 'required'])

interface EngineGlobals {
  process?: { versions?: { v8?: unknown } }
  navigator?: { userAgent?: unknown }
}

/** True when `JSON.stringify` beats the generated loop on number arrays here. @internal */
export function nativeNumberArraysWin(): boolean {
  const g = globalThis as EngineGlobals
  const v8 = g.process?.versions?.v8
  // No V8 version to read (workerd, edge-runtime, Deno without process): current V8, so native.
  if (typeof v8 !== 'string') return true
  return Number.parseInt(v8, 10) >= 12
}

function isNumberArray(node: Record<string, unknown>): boolean {
  if (node.type !== 'array') return false
  const items = node.items
  if (typeof items !== 'object' || items === null || Array.isArray(items)) return false
  const keys = Object.keys(items)
  // Only a bare `{ type: 'number' }` (annotations allowed): integer coercion, nullable items
  // and formats keep fast-json-stringify's semantics.
  const annotations = new Set(['type', 'description', 'title', '$comment', 'format'])
  return (items as { type?: unknown }).type === 'number' && keys.every((k) => annotations.has(k))
}

/** Untyped stand-in: fast-json-stringify writes it with `JSON.stringify(value)`. */
function nativeNode(node: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (typeof node.description === 'string') out.description = node.description
  return out
}

/**
 * Returns a copy of `schema` with the nodes `JSON.stringify` writes faster replaced, and how
 * many were replaced. The input is never modified (it is also the OpenAPI schema). @internal
 */
export function planSchema(
  schema: JSONSchema,
  mode: NumberArrayMode = 'auto'
): { schema: JSONSchema; nativeNodes: number } {
  const native = mode === 'native' || (mode === 'auto' && nativeNumberArraysWin())
  let nativeNodes = 0
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk)
    if (typeof node !== 'object' || node === null) return node
    const record = node as Record<string, unknown>
    if (native && isNumberArray(record)) {
      nativeNodes++
      return nativeNode(record)
    }
    const copy: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(record)) {
      copy[key] = DATA_KEYWORDS.has(key) ? value : walk(value)
    }
    return copy
  }
  return { schema: walk(schema) as JSONSchema, nativeNodes }
}
