import { fetch } from 'undici'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { toNodeListener } from '../src/adapters/node'
import { JSONResponse } from '../src/json'
import { FastJSONResponse } from '../src/fast-json'
import { planSchema } from '../src/internal/fast-json/plan'
import { serve, type TestServer } from './helpers/serve'

const userSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    tags: { type: 'array', items: { type: 'string' } },
  },
  required: ['id'],
} as const

const UserResponse = FastJSONResponse.withSchema(userSchema)

describe('FastJSONResponse', () => {
  describe('without a schema', () => {
    const values: unknown[] = [
      { a: 1, b: 'é', c: [true, null, 1.5e-7], d: { e: 'line\nbreak "quoted" \u2028' } },
      'text',
      42,
      null,
      undefined,
      [NaN, Infinity, -0],
      { date: new Date(0), skip: undefined },
    ]
    for (const value of values) {
      it(`writes the same bytes and headers as JSONResponse for ${JSON.stringify(value) ?? 'undefined'}`, async () => {
        const fast = new FastJSONResponse(value)
        const plain = new JSONResponse(value)
        expect([...fast.headers]).toEqual([...plain.headers])
        expect(new Uint8Array(await fast.arrayBuffer())).toEqual(
          new Uint8Array(await plain.arrayBuffer())
        )
      })
    }

    it('throws a TypeError naming the path of a BigInt, as JSONResponse does', () => {
      expect(() => new FastJSONResponse({ user: { id: 1n } })).toThrow(/\$\.user\.id/)
    })
  })

  describe('withSchema', () => {
    it('returns a subclass that is a Response and keeps the class name', () => {
      const res = new UserResponse({ id: 1 })
      expect(res).toBeInstanceOf(Response)
      expect(res).toBeInstanceOf(FastJSONResponse)
      expect(UserResponse.name).toBe('FastJSONResponse')
      expect(UserResponse.schema).toBe(userSchema)
    })

    it('drops properties that are not in the schema', async () => {
      const res = new UserResponse({ id: 1, name: 'Ada', password: 'secret' })
      expect(await res.text()).toBe('{"id":1,"name":"Ada"}')
      expect(res.headers.get('content-type')).toBe('application/json')
      expect(res.headers.get('content-length')).toBe('21')
    })

    it('coerces values to the schema types', async () => {
      const res = new UserResponse({ id: '7', name: 12, tags: ['a', 3] })
      expect(await res.text()).toBe('{"id":7,"name":"12","tags":["a","3"]}')
    })

    it('truncates non-integers in integer fields', async () => {
      expect(await new UserResponse({ id: 2.9 }).text()).toBe('{"id":2}')
    })

    it('throws a TypeError naming a missing required property', () => {
      expect(() => new UserResponse({ name: 'Ada' })).toThrow(TypeError)
      expect(() => new UserResponse({ name: 'Ada' })).toThrow(/"id" is required/)
    })

    it('writes non-ASCII as UTF-8 with an exact content-length', async () => {
      const res = new UserResponse({ id: 1, name: 'Zoë 🚀' })
      const bytes = new Uint8Array(await res.arrayBuffer())
      expect(new TextDecoder().decode(bytes)).toBe('{"id":1,"name":"Zoë 🚀"}')
      expect(res.headers.get('content-length')).toBe(String(bytes.byteLength))
    })

    it('compiles once, at definition time, not per response', () => {
      const schema = { type: 'object', properties: { a: { type: 'string' } } }
      const Bound = FastJSONResponse.withSchema(schema)
      const serializer = Bound.serializer
      new Bound({ a: 'x' })
      new Bound({ a: 'y' })
      expect(Bound.serializer).toBe(serializer)
    })

    it('throws a TypeError for a schema that is not an object', () => {
      expect(() => FastJSONResponse.withSchema(null as never)).toThrow(/JSON Schema object/)
      expect(() => FastJSONResponse.withSchema([] as never)).toThrow(TypeError)
    })

    it('throws a TypeError for a schema fast-json-stringify rejects', () => {
      expect(() => FastJSONResponse.withSchema({ type: 'object', $ref: '#/nowhere' })).toThrow(
        /cannot compile its schema/
      )
    })

    it('keeps status, headers and cookies from init', async () => {
      const res = new UserResponse({ id: 1 }, { status: 201, headers: { 'x-a': 'b' } })
      res.setCookie('s', '1')
      expect(res.status).toBe(201)
      expect(res.headers.get('x-a')).toBe('b')
      expect(res.headers.getSetCookie()).toHaveLength(1)
    })
  })

  describe('schema in init', () => {
    it('compiles a schema object once and reuses it (cache by identity)', async () => {
      const schema = { type: 'object', properties: { ok: { type: 'boolean' } } }
      const first = new FastJSONResponse({ ok: 1, extra: 2 }, { schema })
      const second = new FastJSONResponse({ ok: 0 }, { schema })
      expect(await first.text()).toBe('{"ok":true}')
      expect(await second.text()).toBe('{"ok":false}')
    })

    it('wins over the class schema', async () => {
      const schema = { type: 'object', properties: { name: { type: 'string' } } }
      expect(await new UserResponse({ id: 1, name: 'A' }, { schema }).text()).toBe('{"name":"A"}')
    })
  })

  describe('serializer', () => {
    it('uses a given serializer function and its output as the body', async () => {
      const res = new FastJSONResponse({ a: 1 }, { serializer: () => '{"custom":true}' })
      expect(await res.text()).toBe('{"custom":true}')
    })

    it('throws a TypeError when the serializer is not a function or returns no string', () => {
      expect(() => new FastJSONResponse({}, { serializer: 'x' as never })).toThrow(
        /serializer must be a function/
      )
      expect(() => FastJSONResponse.withSerializer(1 as never)).toThrow(TypeError)
      const Bad = FastJSONResponse.withSerializer(() => undefined as never)
      expect(() => new Bad({})).toThrow(/must return a string/)
    })
  })

  describe('validate', () => {
    it('throws a TypeError listing every mismatch by path when true', () => {
      const run = () =>
        new UserResponse({ name: 5, password: 'x', tags: ['a', 1] }, { validate: true })
      expect(run).toThrow(TypeError)
      expect(run).toThrow(/\$\.id is required but missing/)
      expect(run).toThrow(/\$\.name should be string, got integer/)
      expect(run).toThrow(/\$\.password is not in the schema and is dropped/)
      expect(run).toThrow(/\$\.tags\[1\] should be string, got integer/)
    })

    it('reports the mismatch to onError and still sends the serialised data when "report"', async () => {
      const onError = vi.fn()
      const res = new UserResponse({ id: 1, password: 'x' }, { validate: 'report', onError })
      expect(await res.text()).toBe('{"id":1}')
      expect(onError).toHaveBeenCalledTimes(1)
      expect(String(onError.mock.calls[0]![0])).toMatch(/\$\.password is not in the schema/)
    })

    it('passes data that matches and accepts integers for number fields', async () => {
      const Point = FastJSONResponse.withSchema(
        { type: 'object', properties: { x: { type: 'number' } }, additionalProperties: true },
        { validate: true }
      )
      expect(await new Point({ x: 1, y: 'extra' }).text()).toBe('{"x":1,"y":"extra"}')
    })
  })

  describe('number arrays', () => {
    const schema = {
      type: 'object',
      properties: { embedding: { type: 'array', items: { type: 'number' } } },
    }

    for (const numberArrays of ['native', 'compiled'] as const) {
      it(`writes the same bytes as JSON.stringify for finite floats with numberArrays "${numberArrays}"`, async () => {
        const data = { embedding: Array.from({ length: 1536 }, (_, i) => Math.sin(i) / 7) }
        const Embedding = FastJSONResponse.withSchema(schema, { numberArrays })
        expect(await new Embedding(data).text()).toBe(JSON.stringify(data))
      })
    }

    it('writes NaN as null with "native" (JSON.stringify rules), and throws with "compiled"', async () => {
      const data = { embedding: [1, NaN] }
      const native = FastJSONResponse.withSchema(schema, { numberArrays: 'native' })
      const compiled = FastJSONResponse.withSchema(schema, { numberArrays: 'compiled' })
      expect(await new native(data).text()).toBe('{"embedding":[1,null]}')
      expect(() => new compiled(data)).toThrow(/cannot be converted to a number/)
    })

    it('replaces only bare number-array nodes and never modifies the input schema', () => {
      const input = {
        type: 'object',
        properties: {
          a: { type: 'array', items: { type: 'number' } },
          b: { type: 'array', items: { type: 'integer' } },
          c: { type: 'array', items: { type: 'number', minimum: 0 } },
        },
        required: ['a'],
      }
      const before = JSON.stringify(input)
      const { schema: planned, nativeNodes } = planSchema(input, 'native')
      expect(nativeNodes).toBe(1)
      expect((planned.properties as Record<string, object>).a).toEqual({})
      expect(JSON.stringify(input)).toBe(before)
      expect(planSchema(input, 'compiled').nativeNodes).toBe(0)
    })
  })
})

describe('FastJSONResponse with the default numberArrays', () => {
  const schema = {
    type: 'object',
    properties: {
      data: {
        type: 'array',
        items: {
          type: 'object',
          properties: { embedding: { type: 'array', items: { type: 'number' } } },
        },
      },
    },
  }
  const Default = FastJSONResponse.withSchema(schema)
  const make = (count: number) => ({
    data: Array.from({ length: count }, (_, i) => ({
      embedding: Array.from({ length: 1536 }, (_, j) => Math.cos(i + j) / 3),
      dropped: true,
    })),
  })

  for (const count of [1, 10]) {
    it(`writes the same bytes as JSON.stringify minus dropped keys for ${count} embedding(s)`, async () => {
      const value = make(count)
      const expected = JSON.stringify({ data: value.data.map(({ embedding }) => ({ embedding })) })
      expect(await new Default(value).text()).toBe(expected)
    })
  }

  it('writes NaN as null and keeps strings as they are, like JSON.stringify', async () => {
    const res = new Default({ data: [{ embedding: [NaN, '1'] }] })
    expect(await res.text()).toBe('{"data":[{"embedding":[null,"1"]}]}')
  })
})

describe('FastJSONResponse over HTTP', () => {
  let server: TestServer
  const Item = FastJSONResponse.withSchema({
    type: 'object',
    properties: { id: { type: 'integer' }, name: { type: 'string' } },
    required: ['id'],
  })
  beforeAll(async () => {
    const handler = (request: Request) => {
      const path = new URL(request.url).pathname
      if (path === '/missing') return new Item({ name: 'no id' })
      return new Item({ id: 1, name: 'Zoë ✓', secret: 'dropped' })
    }
    // The Node adapter: the raw body is written straight to the socket.
    server = await serve(handler, toNodeListener(handler, { onError: () => {} }))
  })
  afterAll(() => server.close())

  it('sends the serialised bytes with an exact content-length through the Node adapter', async () => {
    const res = await fetch(`${server.url}/item`)
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(res.headers.get('content-length')).toBe(String(bytes.byteLength))
    expect(new TextDecoder().decode(bytes)).toBe('{"id":1,"name":"Zoë ✓"}')
  })

  it('answers a generic 500 when a required property is missing', async () => {
    const res = await fetch(`${server.url}/missing`)
    expect(res.status).toBe(500)
    expect(await res.json()).toEqual({ detail: 'Internal Server Error' })
  })
})
