/**
 * Routes for `response-kit/fast-json` (cases/fast-json.ts checks them). `serializer` is the
 * default export of a standalone module written by `writeStandalone` from the built package
 * at test time (see global-setup.ts): no code generation happens where this runs.
 */
import { FastJSONResponse, type Serializer } from 'response-kit/fast-json'
import type { Routes } from './router'

export const ITEM_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    v: { type: 'array', items: { type: 'number' } },
  },
  required: ['id'],
} as const

/** Compiled on first use: where code generation is refused, the route answers 500. */
let Compiled: typeof FastJSONResponse | undefined
const compiled = () => (Compiled ??= FastJSONResponse.withSchema(ITEM_SCHEMA))

export function fastJsonRoutes(serializer: Serializer): Routes {
  const Item = FastJSONResponse.withSerializer(serializer, ITEM_SCHEMA)
  return {
    '/fast-json': () => new Item({ id: 7, name: 'é', v: [1.5, -2, 3e-7], extra: 'dropped' }),
    '/fast-json-plain': () => new FastJSONResponse({ a: [1, 'x', null] }, { status: 201 }),
    '/fast-json-compile': () => new (FastJSONResponse.withSchema(ITEM_SCHEMA))({ id: 1 }),
    // Data in the schema's shape (the engine's JSON.stringify writes it where that is faster)
    // and data the schema must reorder, coerce and redact.
    '/fast-json-compile-fit': () =>
      new (compiled())({ id: 2, name: 'ü "q"\u2028', v: [0.1, -0, 1e21] }),
    '/fast-json-compile-unfit': () => new (compiled())({ name: 'n', extra: 1, id: '3' }),
  }
}
