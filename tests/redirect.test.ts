import { describe, expect, it } from 'vitest'
import { RedirectResponse } from '../src/index'
import { describeAdapters } from './helpers/describe-adapters'

describe('RedirectResponse', () => {
  describe('status', () => {
    it('is 307 by default, with an empty body and content-length 0', async () => {
      const res = new RedirectResponse('/next')
      expect(res.status).toBe(307)
      expect(res.headers.get('location')).toBe('/next')
      expect(res.headers.get('content-length')).toBe('0')
      expect(res.headers.has('content-type')).toBe(false)
      expect(res.body).toBeNull()
      expect(await res.text()).toBe('')
    })

    it.each([301, 302, 303, 307, 308])('accepts %s', (status) => {
      expect(new RedirectResponse('/', { status }).status).toBe(status)
    })

    it.each([200, 300, 304, 305, 306, 309, 404, 199, 600])('throws RangeError for %s', (status) => {
      expect(() => new RedirectResponse('/', { status })).toThrow(
        `RedirectResponse status must be 301, 302, 303, 307 or 308, got ${status}`
      )
    })
  })

  describe('Location', () => {
    it.each([
      ['/I ♥ x/', '/I%20%E2%99%A5%20x/'],
      ['/a%20b/%E2%99%A5', '/a%20b/%E2%99%A5'],
      ["/p?q=1&r=[2]#f:@!$'()*+,;=", "/p?q=1&r=[2]#f:@!$'()*+,;="],
      ['/{x}|"<>^`\\', '/%7Bx%7D%7C%22%3C%3E%5E%60%5C'],
      ['/a\r\nSet-Cookie: x=1', '/a%0D%0ASet-Cookie:%20x=1'],
      ['/nul\0', '/nul%00'],
      ['https://例え.jp/ü', 'https://%E4%BE%8B%E3%81%88.jp/%C3%BC'],
    ])('encodes %j as %j (Starlette safe set)', (url, expected) => {
      expect(new RedirectResponse(url).headers.get('location')).toBe(expected)
    })

    it('accepts a URL object', () => {
      const res = new RedirectResponse(new URL('https://a.test/x y'))
      expect(res.headers.get('location')).toBe('https://a.test/x%20y')
    })

    it('replaces a location given in headers and keeps the other headers', () => {
      const res = new RedirectResponse('/real', {
        headers: { Location: '/fake', 'cache-control': 'no-store' },
      })
      expect(res.headers.get('location')).toBe('/real')
      expect(res.headers.get('cache-control')).toBe('no-store')
    })

    it('throws TypeError for a lone surrogate and for a non-string target', () => {
      expect(() => new RedirectResponse('/\ud800')).toThrow(
        'Redirect URL contains a lone UTF-16 surrogate'
      )
      expect(() => new RedirectResponse(42 as unknown as string)).toThrow(
        'RedirectResponse url must be a string or URL, got number'
      )
    })
  })
})

describe('RedirectResponse init', () => {
  it.each([
    ['mediaType', { mediaType: 'text/html' }],
    ['mediaType null', { mediaType: null }],
    ['charset', { charset: 'latin1' }],
  ])('throws TypeError for %s: a redirect has no body', (_, init) => {
    expect(() => new RedirectResponse('/', init as never)).toThrow(
      'RedirectResponse has no body: init.mediaType and init.charset are not allowed'
    )
  })

  it('throws TypeError for an init that is not an object', () => {
    expect(() => new RedirectResponse('/', null as never)).toThrow('init must be an object')
  })
})

describeAdapters('RedirectResponse over HTTP', (t) => {
  it('sends the status, the encoded Location and no body', async () => {
    const res = await t.fetch(() => new RedirectResponse('/I ♥ x/', { status: 303 }), '/', {
      redirect: 'manual',
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/I%20%E2%99%A5%20x/')
    expect(res.headers.get('content-length')).toBe('0')
    expect(await res.text()).toBe('')
  })
})
