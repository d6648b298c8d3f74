/**
 * Per-node serializer picking for `FastJSONResponse`: before compiling, the schema is copied
 * and every node where the engine's own `JSON.stringify` is faster than fast-json-stringify's
 * generated code is replaced by an untyped node, which fast-json-stringify writes with
 * `JSON.stringify(value)`. Today that is arrays of numbers.
 *
 * Measured on this machine with fresh numbers per call (bench/fast-json.bench.ts): for a
 * 1536-float array the generated loop is 2.2× slower than `JSON.stringify` on Node 20 and
 * about 5 % slower on Node 24, and for 100 of them in one response 2.4× slower (its output
 * is a rope of two pieces per number, which the garbage collector keeps copying). A naive
 * benchmark that serialises the same array again and again shows the loop 2× *faster*: V8
 * caches number-to-string conversions, so repeated numbers are free for `'' + n` but not for
 * `JSON.stringify`. Real embeddings are never repeated.
 *
 * @internal
 * @module
 */

/** A JSON Schema object (draft 7 / 2019-09 / 2020-12, as fast-json-stringify reads it). */
export type JSONSchema = { readonly [keyword: string]: unknown }

/**
 * How arrays of numbers are written: `'native'` with `JSON.stringify` (faster with real,
 * non-repeating data), `'compiled'` with fast-json-stringify's loop (coerces items).
 */
export type NumberArrayMode = 'native' | 'compiled'

/** Keywords whose values are data, never sub-schemas: the walk must not rewrite them. */
const DATA_KEYWORDS = new Set(['const', 'default', 'enum', 'examples', 'example', 'required'])

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
  mode: NumberArrayMode = 'native'
): { schema: JSONSchema; nativeNodes: number } {
  let nativeNodes = 0
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk)
    if (typeof node !== 'object' || node === null) return node
    const record = node as Record<string, unknown>
    if (mode === 'native' && isNumberArray(record)) {
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
