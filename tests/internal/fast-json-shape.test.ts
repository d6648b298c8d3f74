import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import {
  compileSchema,
  compileShapeCheck as shapeCheck,
  nativeJSONIsFaster,
} from '../../src/internal/fast-json/compile'
import type { JSONSchema } from '../../src/internal/fast-json/plan'
import * as payloads from '../../bench/_fast-json-payloads'

/** What a serializer makes of `value`: its text, or the message it throws. */
function outcome(serialize: (value: unknown) => string, value: unknown): string {
  try {
    return `ok ${serialize(value)}`
  } catch (error) {
    return `error ${error instanceof Error ? error.message : String(error)}`
  }
}

/**
 * The compiled serializer, or `undefined` for a schema fast-json-stringify refuses (its Ajv
 * rejects a property named `__proto__`).
 */
function compiles(schema: JSONSchema, native: boolean): ((value: unknown) => string) | undefined {
  try {
    return compileSchema(schema, {}, native)
  } catch (error) {
    expect(String(error)).toMatch(/cannot compile its schema/)
    return undefined
  }
}

const NAMES = ['id', 'name', 'b', 'a', '1', 'constructor', 'toString', '__proto__', 'x-y']

const leafSchema = fc.oneof(
  fc.constantFrom<JSONSchema>(
    { type: 'string' },
    { type: 'integer' },
    { type: 'number' },
    { type: 'boolean' },
    { type: 'null' },
    { type: ['string', 'null'] },
    { type: ['integer', 'string'] },
    { type: 'string', nullable: true },
    { type: 'string', format: 'email' },
    { type: 'string', format: 'date-time' },
    { type: 'string', default: 'd' },
    { type: 'integer', minimum: 0, description: 'ignored' },
    {},
    { description: 'untyped' },
    { enum: ['a', 1] },
    // Untyped, but fast-json-stringify infers a type from these (and coerces to it).
    { minLength: 1 },
    { maximum: 3 },
    { minItems: 1 },
    { maxProperties: 2 },
    { const: 1 },
    { anyOf: [{ type: 'string' }, { type: 'integer' }] }
  )
)

const schemaArb: fc.Arbitrary<JSONSchema> = fc.letrec<{ node: JSONSchema }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafSchema,
    fc.record(
      {
        type: fc.constantFrom<unknown>('object', ['object', 'null']),
        properties: fc.dictionary(fc.constantFrom(...NAMES), tie('node'), { maxKeys: 5 }),
        required: fc.subarray(NAMES.slice(0, 4)),
        additionalProperties: fc.constantFrom<unknown>(false, true, { type: 'string' }),
      },
      { requiredKeys: ['type', 'properties'] }
    ),
    fc.record(
      { type: fc.constantFrom<unknown>('array', ['array', 'null']), items: tie('node') },
      { requiredKeys: ['type', 'items'] }
    )
  ),
})).node

/** Values near and far from any schema: the awkward ones are the point. */
const valueArb: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string({ unit: 'binary' }),
    fc.constantFrom('', '"', '\\', '\u0000', '\u2028', '\ud800', 'é', '7'),
    fc.integer(),
    fc.double(),
    fc.constantFrom(-0, 1e21, 2 ** 53 + 2, NaN, Infinity, 1.5),
    fc.boolean(),
    fc.constantFrom(null, undefined, 10n, new Date(0), /re/, () => 1, Symbol('s')),
    fc.dictionary(fc.constantFrom(...NAMES, 'extra'), tie('value'), { maxKeys: 6 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.sparseArray(fc.integer(), { maxLength: 3 }),
    tie('value').map((v) => Object.assign(Object.create(null) as object, { id: v })),
    tie('value').map(
      (v) =>
        new (class Row {
          id = v
        })()
    )
  ),
})).value

/** Values that fit `schema` (the check must accept most of these for the fast path to matter). */
function fitting(schema: JSONSchema): fc.Arbitrary<unknown> {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type
  if (type === 'object' && typeof schema.properties === 'object') {
    const props = schema.properties as Record<string, JSONSchema>
    const names = Object.keys(props)
    // In the schema's order, or in another one (which the serializer would reorder).
    return fc
      .tuple(fc.tuple(...names.map((name) => fitting(props[name]!))), fc.boolean())
      .map(([values, reversed]) => {
        const entries = names.map((name, i) => [name, values[i]] as const)
        return Object.fromEntries(reversed ? entries.reverse() : entries)
      })
  }
  if (type === 'array') return fc.array(fitting(schema.items as JSONSchema), { maxLength: 3 })
  if (type === 'string') return fc.string({ unit: 'binary' })
  if (type === 'integer') return fc.integer()
  if (type === 'number') {
    return fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.double())
  }
  if (type === 'boolean') return fc.boolean()
  return fc.constant(null)
}

/** A schema and a value, random or fitting it. */
const schemaAndValue = schemaArb.chain((schema) =>
  fc.tuple(fc.constant(schema), fc.oneof(valueArb, fitting(schema)))
)

/** More runs for a deeper search: `RUNS=50000 npx vitest run tests/internal/fast-json-shape`. */
const RUNS = Number(process.env.RUNS ?? 3000)

describe('shapeCheck', () => {
  it('approves only data that JSON.stringify writes as the compiled serializer does', () => {
    fc.assert(
      fc.property(schemaAndValue, ([schema, value]) => {
        const check = shapeCheck(schema)
        if (check === undefined || !check(value)) return
        const compiled = compiles(schema, false)
        if (compiled === undefined) return
        expect(outcome((v) => JSON.stringify(v), value)).toBe(outcome(compiled, value))
      }),
      { numRuns: RUNS }
    )
  })

  it('leaves the output of the native-first serializer unchanged for every value', () => {
    fc.assert(
      fc.property(schemaAndValue, ([schema, value]) => {
        const plain = compiles(schema, false)
        const nativeFirst = compiles(schema, true)
        if (plain === undefined || nativeFirst === undefined) {
          expect(nativeFirst).toBe(plain)
          return
        }
        expect(outcome(nativeFirst, value)).toBe(outcome(plain, value))
      }),
      { numRuns: RUNS }
    )
  })

  it('approves the fitting data of the benchmark payloads', () => {
    const cases: [JSONSchema, unknown][] = [
      [payloads.smallSchema, payloads.small],
      [payloads.chatSchema, payloads.chat],
      [payloads.userPageSchema, payloads.userPage(3)],
      [payloads.embeddingsSchema, payloads.embeddings(2)],
    ]
    for (const [schema, value] of cases) expect(shapeCheck(schema)!(value)).toBe(true)
  })

  const schema: JSONSchema = {
    type: 'object',
    properties: {
      id: { type: 'integer' },
      name: { type: 'string' },
      tags: { type: 'array', items: { type: 'string' } },
    },
    required: ['id'],
  }
  const check = shapeCheck(schema)!

  it.each<[string, unknown]>([
    ['a property the schema drops', { id: 1, name: 'a', password: 'x' }],
    ['a missing required property', { name: 'a' }],
    ['optional properties out of the schema order', { id: 1, tags: [], name: 'a' }],
    ['a required property after an optional one', { name: 'a', id: 1 }],
    ['a value to coerce', { id: '1' }],
    ['a non-integer integer', { id: 1.5 }],
    ['null where null is not allowed', { id: 1, name: null }],
    ['a Date in a string field', { id: 1, name: new Date(0) }],
    // eslint-disable-next-line no-sparse-arrays -- the hole is the point
    ['a hole in an array', { id: 1, tags: ['a', , 'b'] }],
    [
      'a class instance',
      new (class User {
        id = 1
      })(),
    ],
    ['an object with its own toJSON', { id: 1, toJSON: () => ({}) }],
    ['an array for an object', [1]],
    ['null for an object', null],
  ])('refuses %s', (_, value) => {
    expect(check(value)).toBe(false)
  })

  it('agrees with the compiled serializer on long strings and large arrays', () => {
    // fast-json-stringify has other code paths from 42 characters, 128 strings and 20,000 items.
    const big: JSONSchema = {
      type: 'object',
      properties: {
        text: { type: 'string' },
        words: { type: 'array', items: { type: 'string' } },
        ids: { type: 'array', items: { type: 'integer' } },
      },
    }
    const value = {
      text: 'long \u0000 "quoted" \\ \ud800 \u2028 '.repeat(20),
      words: Array.from({ length: 300 }, (_, i) => (i % 7 === 0 ? `w"${i}\n` : `w${i}`)),
      ids: Array.from({ length: 20_001 }, (_, i) => i * 3 - 7),
    }
    expect(shapeCheck(big)!(value)).toBe(true)
    expect(compileSchema(big, {}, true)(value)).toBe(compileSchema(big, {}, false)(value))
  })

  it('refuses numbers that JSON cannot write', () => {
    const numbers = shapeCheck({ type: 'array', items: { type: 'number' } })!
    expect(numbers([1.5, -0, 1e21])).toBe(true)
    for (const bad of [NaN, Infinity, -Infinity]) expect(numbers([bad])).toBe(false)
  })

  it('accepts data in the schema order with optional properties left out or undefined', () => {
    expect(check({ id: 1 })).toBe(true)
    expect(check({ id: 1, tags: ['x'] })).toBe(true)
    expect(check({ id: 1, name: undefined, tags: [] })).toBe(true)
    expect(check(Object.assign(Object.create(null) as object, { id: 2, name: 'n' }))).toBe(true)
  })

  it('refuses an absent property that the prototype chain supplies', () => {
    const inherited = shapeCheck({
      type: 'object',
      properties: { constructor: { type: 'string' } },
    })!
    expect(inherited({})).toBe(false)
    expect(inherited(Object.create(null))).toBe(true)
  })

  it('refuses an absent property with a default, which the serializer fills in', () => {
    const withDefault = shapeCheck({
      type: 'object',
      properties: { a: { type: 'string', default: 'd' } },
    })!
    expect(withDefault({})).toBe(false)
    expect(withDefault({ a: 'x' })).toBe(true)
  })

  describe('with a polluted prototype', () => {
    afterEach(() => {
      delete (Object.prototype as { polluted?: unknown }).polluted
      delete (Array.prototype as { toJSON?: unknown }).toJSON
    })

    it('refuses everything while Object.prototype has an enumerable property', () => {
      ;(Object.prototype as { polluted?: unknown }).polluted = 1
      expect(check({ id: 1 })).toBe(false)
    })

    it('refuses everything while Array.prototype has a toJSON', () => {
      ;(Array.prototype as { toJSON?: unknown }).toJSON = () => 'x'
      expect(check({ id: 1 })).toBe(false)
    })
  })

  it('refuses data whose getter throws (the compiled serializer reports it)', () => {
    const throwing = {
      id: 1,
      get name(): string {
        throw new Error('getter')
      },
    }
    expect(check(throwing)).toBe(false)
    expect(() => compileSchema(schema, {}, true)(throwing)).toThrow('getter')
  })

  it.each<[string, JSONSchema]>([
    ['$ref', { type: 'object', properties: { a: { $ref: '#/definitions/a' } } }],
    ['anyOf', { anyOf: [{ type: 'string' }] }],
    ['const', { type: 'string', const: 'a' }],
    ['additionalProperties: true', { type: 'object', additionalProperties: true }],
    ['patternProperties', { type: 'object', patternProperties: { '^a': { type: 'string' } } }],
    ['a date format', { type: 'string', format: 'date-time' }],
    ['an untyped node with properties', { properties: { a: { type: 'string' } } }],
    ['an untyped node with minLength', { minLength: 1 }],
    ['an untyped node with maximum', { maximum: 1 }],
    ['a required name not in properties', { type: 'object', required: ['z'] }],
    ['object and array in one type', { type: ['object', 'array'] }],
    [
      'a property named __proto__',
      { type: 'object', properties: JSON.parse('{"__proto__": {"type": "string"}}') as object },
    ],
  ])('gives no check for a schema with %s', (_, s) => {
    expect(shapeCheck(s)).toBeUndefined()
  })
})

describe('nativeJSONIsFaster', () => {
  it('is false on V8 before 12 (Node 20), true on later V8', () => {
    const major = Number.parseInt(process.versions.v8, 10)
    expect(nativeJSONIsFaster()).toBe(major >= 12)
  })
})
