import { describe, expect, it } from 'vitest'
import { HTMLResponse } from '../src/index'
import { describeAdapters } from './helpers/describe-adapters'

describe('HTMLResponse', () => {
  describe('content', () => {
    it('sends the HTML as it is, with text/html; charset=utf-8', async () => {
      const html = '<!doctype html><h1 title="a&b">é</h1><script>1<2</script>'
      const res = new HTMLResponse(html)
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(res.headers.get('content-length')).toBe(String(new TextEncoder().encode(html).length))
      expect(await res.text()).toBe(html)
    })

    it('accepts bytes', async () => {
      const res = new HTMLResponse(new TextEncoder().encode('<p>é</p>'))
      expect(await res.text()).toBe('<p>é</p>')
    })

    it('uses a caller-given media type as it is, with no charset outside text/*', () => {
      const res = new HTMLResponse('<p/>', { mediaType: 'application/xhtml+xml' })
      expect(res.headers.get('content-type')).toBe('application/xhtml+xml')
    })

    it.each([
      ['a number', 1],
      ['an object', { html: '<p/>' }],
      ['a Promise', Promise.resolve('<p/>')],
    ])('throws TypeError for %s', (_, content) => {
      expect(() => new HTMLResponse(content as unknown as string)).toThrow(
        /^HTMLResponse content must be a string or bytes, got /
      )
    })
  })
})

describeAdapters('HTMLResponse over HTTP', (t) => {
  it('sends the page with its type and length', async () => {
    const res = await t.fetch(() => new HTMLResponse('<h1>é</h1>', { status: 404 }))
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.headers.get('content-length')).toBe('11')
    expect(await res.text()).toBe('<h1>é</h1>')
  })
})
