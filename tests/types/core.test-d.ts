import { describe, expectTypeOf, it } from 'vitest'
import {
  BaseResponse,
  HTMLResponse,
  JSONResponse,
  PlainTextResponse,
  RedirectResponse,
  streamBody,
  type BaseResponseInit,
  type CookieOptions,
  type JSONResponseInit,
  type RedirectResponseInit,
  type RenderedBody,
  type ResponseClassLike,
  type StreamBody,
} from '../../src/index'

describe('core classes', () => {
  it('are real Responses with the ResponseClassLike static side', () => {
    expectTypeOf(new JSONResponse({})).toMatchTypeOf<Response>()
    expectTypeOf(new PlainTextResponse('x')).toMatchTypeOf<BaseResponse>()
    expectTypeOf(JSONResponse).toMatchTypeOf<ResponseClassLike>()
    expectTypeOf(RedirectResponse).toMatchTypeOf<ResponseClassLike>()
    expectTypeOf(JSONResponse.mediaType).toEqualTypeOf<string | null>()
  })

  it('take (content, init?) like new Response', () => {
    expectTypeOf(PlainTextResponse).constructorParameters.toEqualTypeOf<
      [content?: string | ArrayBuffer | ArrayBufferView | null, init?: BaseResponseInit]
    >()
    expectTypeOf(HTMLResponse).constructorParameters.toEqualTypeOf<
      [content?: string | ArrayBuffer | ArrayBufferView | null, init?: BaseResponseInit]
    >()
    expectTypeOf(JSONResponse).constructorParameters.toEqualTypeOf<
      [content?: unknown, init?: JSONResponseInit]
    >()
    expectTypeOf(RedirectResponse).constructorParameters.toEqualTypeOf<
      [url: string | URL, init?: RedirectResponseInit]
    >()
  })

  it('reject content that is neither text nor bytes at compile time', () => {
    // @ts-expect-error a number is not text
    new PlainTextResponse(1)
    // @ts-expect-error an object is not HTML
    new HTMLResponse({ html: '' })
    // @ts-expect-error the target must be a string or URL
    new RedirectResponse(1)
  })

  it('type the options and reject unknown keys', () => {
    expectTypeOf<BaseResponseInit>().toMatchTypeOf<ResponseInit>()
    expectTypeOf<JSONResponseInit['nonFinite']>().toEqualTypeOf<'null' | 'error' | undefined>()
    expectTypeOf<BaseResponseInit['mediaType']>().toEqualTypeOf<string | null | undefined>()
    // @ts-expect-error unknown option
    new JSONResponse({}, { nonfinite: 'error' })
    // @ts-expect-error nonFinite is 'null' or 'error'
    new JSONResponse({}, { nonFinite: 'skip' })
    // @ts-expect-error background takes functions
    new PlainTextResponse('', { background: 'later' })
    // @ts-expect-error a redirect has no body, so no media type
    new RedirectResponse('/', { mediaType: 'text/html' })
    // @ts-expect-error nor a charset
    new RedirectResponse('/', { charset: 'latin1' })
  })

  it('return this from the cookie methods for chaining', () => {
    const res = new JSONResponse({})
    expectTypeOf(res.setCookie('a', 'b')).toEqualTypeOf<JSONResponse>()
    expectTypeOf(res.deleteCookie('a')).toEqualTypeOf<JSONResponse>()
    expectTypeOf<CookieOptions['sameSite']>().toEqualTypeOf<
      'strict' | 'lax' | 'none' | false | null | undefined
    >()
    expectTypeOf<CookieOptions['path']>().toEqualTypeOf<string | null | undefined>()
    // @ts-expect-error deleteCookie takes no maxAge
    res.deleteCookie('a', { maxAge: 1 })
  })

  it('let a subclass override render with any RenderedBody', () => {
    class XML extends BaseResponse {
      static override mediaType: string | null = 'application/xml'
      static override render(content: unknown): RenderedBody {
        return `<v>${String(content)}</v>`
      }
    }
    expectTypeOf(new XML(1)).toMatchTypeOf<BaseResponse>()
    expectTypeOf(streamBody(() => new ReadableStream<Uint8Array>())).toEqualTypeOf<StreamBody>()
    expectTypeOf<string | Uint8Array | StreamBody | null>().toMatchTypeOf<RenderedBody>()
  })

  it('type prepare as returning a Response', () => {
    expectTypeOf(new JSONResponse({}).prepare).returns.toEqualTypeOf<Response | Promise<Response>>()
  })
})
