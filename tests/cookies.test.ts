import { describe, expect, it } from 'vitest'
import { JSONResponse, PlainTextResponse } from '../src/index'
import { serializeCookie } from '../src/internal/core/cookies'
import { describeAdapters } from './helpers/describe-adapters'
import { loadKit } from './helpers/load-kit'

describe('BaseResponse.setCookie', () => {
  describe('attributes', () => {
    it('defaults to Path=/ and SameSite=Lax and percent-encodes the value', () => {
      expect(serializeCookie('sid', 'a b;c=é')).toBe('sid=a%20b%3Bc%3D%C3%A9; Path=/; SameSite=Lax')
    })

    it('writes every option', () => {
      const line = serializeCookie('sid', 'v', {
        maxAge: 3600.9,
        expires: new Date(Date.UTC(2030, 0, 2, 3, 4, 5)),
        path: '/app',
        domain: 'example.com',
        secure: true,
        httpOnly: true,
        sameSite: 'none',
        partitioned: true,
      })
      expect(line).toBe(
        'sid=v; Max-Age=3600; Expires=Wed, 02 Jan 2030 03:04:05 GMT; Domain=example.com; ' +
          'Path=/app; Secure; HttpOnly; SameSite=None; Partitioned'
      )
    })

    it('takes expires as seconds from now or as a string sent as it is', () => {
      const line = serializeCookie('a', '1', { expires: 60 })
      const when = Date.parse(/Expires=([^;]+)/.exec(line)![1]!)
      expect(Math.abs(when - (Date.now() + 60_000))).toBeLessThan(2000)
      expect(serializeCookie('a', '1', { expires: 'Thu, 01 Jan 2037 00:00:00 GMT' })).toContain(
        'Expires=Thu, 01 Jan 2037 00:00:00 GMT'
      )
    })

    it('omits Path, SameSite and the other attributes given as null', () => {
      expect(serializeCookie('a', '1', { path: null })).toBe('a=1; SameSite=Lax')
      expect(serializeCookie('a', '1', { path: null, sameSite: null })).toBe('a=1')
      expect(
        serializeCookie('a', '1', { maxAge: null, expires: null, domain: null, path: '/x' })
      ).toBe('a=1; Path=/x; SameSite=Lax')
    })

    it('leaves SameSite out when sameSite is false, and uses a custom encoder', () => {
      expect(
        serializeCookie('a', 'x y', { sameSite: false, encode: (v) => v.replace(' ', '+') })
      ).toBe('a=x+y; Path=/')
    })
  })

  describe('bad input', () => {
    it.each(['a b', 'a;b', 'a=b', 'a,b', '(a)', 'a"', 'a/b', 'a\tb', '', 'é'])(
      'throws TypeError for the name %j',
      (name) => {
        expect(() => serializeCookie(name, 'v')).toThrow(
          /^Cookie name must be a token without separators/
        )
      }
    )

    it.each([
      ['path', { path: '/a\r\nx: y' }, 'cookie path must not contain CR, LF, NUL'],
      ['path', { path: '/a;Secure' }, 'cookie path must not contain ";"'],
      ['domain', { domain: 'a.test\n' }, 'cookie domain must not contain CR, LF, NUL'],
      ['domain', { domain: 'a.test\0' }, 'cookie domain must not contain CR, LF, NUL'],
      ['expires', { expires: 'x\r\ny' }, 'cookie expires must not contain CR, LF, NUL'],
      ['expires', { expires: 'x; Domain=evil' }, 'cookie expires must not contain ";"'],
    ])('throws TypeError naming %s', (_, options, message) => {
      expect(() => serializeCookie('a', '1', options)).toThrow(message)
    })

    it('throws TypeError naming the cookie for a lone surrogate in the value', () => {
      for (const value of ['\udfff', 'a\ud800b']) {
        const error = (() => {
          try {
            serializeCookie('c', value)
          } catch (e) {
            return e
          }
        })()
        expect(error).toBeInstanceOf(TypeError)
        expect((error as Error).message).toBe('Cookie "c" value contains a lone UTF-16 surrogate')
        expect((error as Error).cause).toBeInstanceOf(URIError)
      }
      const boom = new RangeError('mine')
      expect(() =>
        serializeCookie('c', 'x', {
          encode: () => {
            throw boom
          },
        })
      ).toThrow(boom)
    })

    it.each([
      ['path', { path: '/a\x01' }],
      ['domain', { domain: 'a\x7f.test' }],
      ['expires', { expires: 'x\x1by' }],
      ['path', { path: '/♥' }],
    ])('throws TypeError for a control or non-Latin-1 character in %s', (field, options) => {
      expect(() => serializeCookie('a', '1', options)).toThrow(
        new RegExp(`^cookie ${field} must not contain CR, LF, NUL, other control characters`)
      )
    })

    it('throws for a value a custom encoder leaves unsafe, and for a non-string value', () => {
      expect(() => serializeCookie('a', 'x;y', { encode: (v) => v })).toThrow(
        'Cookie "a" value has characters outside RFC 6265 cookie-octets'
      )
      expect(() => serializeCookie('a', 5 as unknown as string)).toThrow(
        'Cookie value must be a string'
      )
    })

    it('throws RangeError for a non-finite maxAge or expires, and an invalid Date', () => {
      expect(() => serializeCookie('a', '1', { maxAge: NaN })).toThrow(RangeError)
      expect(() => serializeCookie('a', '1', { expires: Infinity })).toThrow(RangeError)
      expect(() => serializeCookie('a', '1', { expires: new Date('nope') })).toThrow(
        /^cookie expires must be a valid Date/
      )
    })

    it("throws TypeError for an unknown sameSite, and for 'none' or partitioned without secure", () => {
      expect(() => serializeCookie('a', '1', { sameSite: 'toString' as 'lax' })).toThrow(
        /^cookie sameSite must be 'strict', 'lax', 'none' or false/
      )
      expect(() => serializeCookie('a', '1', { sameSite: 'none' })).toThrow(
        "cookie sameSite 'none' requires secure: true"
      )
      expect(() => serializeCookie('a', '1', { partitioned: true })).toThrow(
        'cookie partitioned requires secure: true'
      )
    })
  })

  describe.each(['lazy', 'eager'] as const)('on a response [%s mode]', (mode) => {
    it('adds one set-cookie line per call, before and after headers are read', async () => {
      const kit = await loadKit(mode)
      const res = new kit.JSONResponse({}, { headers: [['set-cookie', 'pre=0']] }).setCookie(
        'a',
        '1'
      )
      expect(res.headers.get('content-type')).toBe('application/json')
      res
        .setCookie('b', '2', { httpOnly: true })
        .deleteCookie('old', { path: '/x' })
        .deleteCookie('here', { path: null })
      expect(res.headers.getSetCookie()).toEqual([
        'pre=0',
        'a=1; Path=/; SameSite=Lax',
        'b=2; Path=/; HttpOnly; SameSite=Lax',
        'old=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/x; SameSite=Lax',
        'here=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; SameSite=Lax',
      ])
    })

    it('returns the response for chaining and throws before adding a bad line', async () => {
      const kit = await loadKit(mode)
      const res = new kit.PlainTextResponse('x')
      expect(res.setCookie('a', '1')).toBe(res)
      expect(() => res.setCookie('b c', '1')).toThrow(TypeError)
      expect(res.headers.getSetCookie()).toEqual(['a=1; Path=/; SameSite=Lax'])
    })
  })
})

describeAdapters('cookies over HTTP', (t) => {
  it('sends each set-cookie line on its own', async () => {
    const res = await t.fetch(() =>
      new PlainTextResponse('ok')
        .setCookie('session', 'abc', { httpOnly: true, secure: true, maxAge: 60 })
        .setCookie('theme', 'dark')
        .deleteCookie('old')
        .setCookie('scoped', '1', { path: null })
    )
    expect(res.headers.getSetCookie()).toEqual([
      'session=abc; Max-Age=60; Path=/; Secure; HttpOnly; SameSite=Lax',
      'theme=dark; Path=/; SameSite=Lax',
      'old=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; SameSite=Lax',
      'scoped=1; SameSite=Lax',
    ])
    expect(await res.text()).toBe('ok')
  })

  it('keeps cookies given as headers apart from those added later', async () => {
    const res = await t.fetch(() =>
      new JSONResponse(1, {
        headers: new Headers([
          ['set-cookie', 'a=1'],
          ['set-cookie', 'b=2'],
        ]),
      }).setCookie('c', '3')
    )
    expect(res.headers.getSetCookie()).toEqual(['a=1', 'b=2', 'c=3; Path=/; SameSite=Lax'])
  })
})
