import { describe, expectTypeOf, it } from 'vitest'
import { FastJSONResponse, type FastJSONResponseInit, type Serializer } from '../../src/fast-json'
import {
  HTMLResponse,
  JSONResponse,
  SSEResponse,
  defaultResponseClass,
  openapiResponse,
  type OpenAPIResponseObject,
  type ResponseClassLike,
} from '../../src/index'

describe('defaultResponseClass', () => {
  it('accepts every response-kit class, including FastJSON subclasses', () => {
    expectTypeOf(JSONResponse).toMatchTypeOf<ResponseClassLike>()
    expectTypeOf(SSEResponse).toMatchTypeOf<ResponseClassLike>()
    expectTypeOf(FastJSONResponse.withSchema({ type: 'object' })).toMatchTypeOf<ResponseClassLike>()
  })

  it('keeps the extra arguments of the handler and returns Promise<Response>', () => {
    const handler = defaultResponseClass(JSONResponse)(
      (request: Request, env: { db: string }, ctx: { waitUntil(p: Promise<unknown>): void }) => ({
        url: request.url,
        db: env.db,
        ctx,
      })
    )
    expectTypeOf(handler).parameters.toEqualTypeOf<
      [Request, { db: string }, { waitUntil(p: Promise<unknown>): void }]
    >()
    expectTypeOf(handler).returns.toEqualTypeOf<Promise<Response>>()
  })

  it('rejects a route responseClass that is not a class', () => {
    const app = defaultResponseClass(JSONResponse)
    app(() => 1, { responseClass: HTMLResponse })
    // @ts-expect-error a string is not a response class
    app(() => 1, { responseClass: 'HTMLResponse' })
  })
})

describe('FastJSONResponse', () => {
  it('returns its own subclass type from withSchema and withSerializer', () => {
    const User = FastJSONResponse.withSchema({ type: 'object' })
    expectTypeOf(User).toEqualTypeOf<typeof FastJSONResponse>()
    expectTypeOf(new User({})).toMatchTypeOf<Response>()
    expectTypeOf(FastJSONResponse.withSerializer).parameter(0).toEqualTypeOf<Serializer>()
  })

  it('takes schema, serializer and validate in init', () => {
    expectTypeOf<FastJSONResponseInit>().toHaveProperty('schema')
    expectTypeOf<FastJSONResponseInit>().toHaveProperty('serializer')
    // @ts-expect-error numberArrays is a compile option, not an init option
    new FastJSONResponse({}, { numberArrays: 'native' })
  })
})

describe('openapiResponse', () => {
  it('returns a Response Object', () => {
    expectTypeOf(
      openapiResponse(JSONResponse, { description: 'x' })
    ).toEqualTypeOf<OpenAPIResponseObject>()
  })
})
