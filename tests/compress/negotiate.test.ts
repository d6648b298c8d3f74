import { describe, expect, it } from 'vitest'
import { negotiateEncoding, PREFERENCE, rankEncodings } from '../../src/internal/compress/negotiate'
import { compress } from '../../src/compress'
import { PlainTextResponse } from '../../src/index'

const ALL = PREFERENCE
const NO_ZSTD = ['br', 'gzip', 'deflate'] as const

describe('negotiateEncoding', () => {
  it.each([
    // [Accept-Encoding, offered, chosen]
    ['gzip, deflate, br', ALL, 'br'],
    ['gzip, deflate, br, zstd', ALL, 'br'],
    ['gzip, deflate, br, zstd', ['zstd', 'gzip'], 'zstd'],
    ['gzip, deflate', ALL, 'gzip'],
    ['deflate', ALL, 'deflate'],
    ['gzip;q=1, br;q=0.5', ALL, 'gzip'],
    ['br;q=0.1, gzip;q=0.2, deflate;q=0.3', ALL, 'deflate'],
    ['GZIP', ALL, 'gzip'],
    ['*', ALL, 'br'],
    ['*', NO_ZSTD, 'br'],
    ['br;q=0, *', ALL, 'zstd'],
    ['br;q=0, *', NO_ZSTD, 'gzip'],
    ['gzip;q=0', ALL, 'identity'],
    ['identity', ALL, 'identity'],
    ['identity;q=1, gzip;q=0.5', ALL, 'identity'],
    ['foo, bar', ALL, 'identity'],
    ['foo, gzip;q=0.1', ALL, 'gzip'],
    ['', ALL, 'identity'],
    [null, ALL, 'identity'],
    ['gzip', [], 'identity'],
    ['identity;q=0', ALL, null],
    ['identity;q=0, foo', ALL, null],
    ['*;q=0', ALL, null],
    ['*;q=0, identity', ALL, 'identity'],
    ['identity;q=0, gzip', ALL, 'gzip'],
  ] as const)('%j offered %j → %s', (accept, offered, expected) => {
    expect(negotiateEncoding(accept, offered)).toBe(expected)
  })
})

describe('compress', () => {
  describe('negotiation', () => {
    const body = 'hello compression '.repeat(200)
    const run = async (accept: string | null, encodings?: ('br' | 'gzip' | 'deflate')[]) => {
      const headers: Record<string, string> = accept === null ? {} : { 'accept-encoding': accept }
      const request = new Request('http://localhost/', { headers })
      const res = await compress(new PlainTextResponse(body), request, encodings && { encodings })
      return res.headers.get('content-encoding')
    }

    it('prefers br when the client weighs codings equally', async () => {
      expect(await run('gzip, deflate, br')).toBe('br')
    })
    it('follows the q-values over the server order', async () => {
      expect(await run('br;q=0.5, gzip')).toBe('gzip')
    })
    it('follows options.encodings order on ties and offers nothing else', async () => {
      expect(await run('gzip, br', ['gzip', 'br'])).toBe('gzip')
      expect(await run('br', ['gzip'])).toBe(null)
    })
    it('sends identity without an Accept-Encoding header', async () => {
      expect(await run(null)).toBe(null)
    })
    it('sends identity when identity;q=0 leaves nothing acceptable', async () => {
      expect(await run('identity;q=0, foo')).toBe(null)
    })
    it('ignores unknown codings', async () => {
      expect(await run('foo, compress, gzip;q=0.5')).toBe('gzip')
    })
  })
})

describe('rankEncodings', () => {
  const offered = ['br', 'zstd', 'gzip']
  it.each([
    [null, ['identity']],
    ['', ['identity']],
    ['gzip, br', ['br', 'gzip', 'identity']],
    ['br;q=0.5, gzip', ['gzip', 'br', 'identity']],
    ['identity, br;q=0.5', ['identity', 'br']],
    ['gzip;q=0, *', ['br', 'zstd', 'identity']],
    ['identity;q=0', []],
    ['x-unknown', ['identity']],
  ])('ranks %j as %j', (accept, expected) => {
    expect(rankEncodings(accept, offered)).toEqual(expected)
  })
  it('offers only identity when nothing is available', () => {
    expect(rankEncodings('br', [])).toEqual(['identity'])
  })
})
