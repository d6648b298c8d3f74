import { createServer, validateHeaderValue } from 'node:http'
import { connect, type AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { toNodeListener } from '../../src/adapters/node'
import { PlainTextResponse } from '../../src/index'
import {
  assertSafeValue,
  findHeader,
  isToken,
  toHeaderPairs,
} from '../../src/internal/core/headers'

describe('toHeaderPairs', () => {
  it('returns no pairs for undefined and null', () => {
    expect(toHeaderPairs(undefined)).toEqual([])
    expect(toHeaderPairs(null as unknown as undefined)).toEqual([])
  })

  it('lower-cases names, keeps order and repeated names', () => {
    expect(
      toHeaderPairs([
        ['X-A', '1'],
        ['Set-Cookie', 'a=1'],
        ['set-cookie', 'b=2'],
      ])
    ).toEqual([
      ['x-a', '1'],
      ['set-cookie', 'a=1'],
      ['set-cookie', 'b=2'],
    ])
  })

  it('reads a Headers with each set-cookie apart and other repeats joined', () => {
    const headers = new Headers([
      ['vary', 'a'],
      ['vary', 'b'],
      ['set-cookie', 'x=1'],
      ['set-cookie', 'y=2'],
    ])
    expect(toHeaderPairs(headers)).toEqual([
      ['set-cookie', 'x=1'],
      ['set-cookie', 'y=2'],
      ['vary', 'a, b'],
    ])
  })

  it('reads a record, skipping undefined and stringifying other values', () => {
    const init = { a: '1', b: undefined, c: 2 } as unknown as HeadersInit
    expect(toHeaderPairs(init)).toEqual([
      ['a', '1'],
      ['c', '2'],
    ])
  })

  it('reads any iterable of pairs', () => {
    const init = new Map([['x', 'y']]) as unknown as HeadersInit
    expect(toHeaderPairs(init)).toEqual([['x', 'y']])
  })

  it('trims spaces and tabs only', () => {
    expect(toHeaderPairs({ a: ' \t v \t ', b: '\u00a0v\u00a0' })).toEqual([
      ['a', 'v'],
      ['b', '\u00a0v\u00a0'],
    ])
  })

  it('throws TypeError for a non-object, a bad entry, a bad name or an unsafe value', () => {
    expect(() => toHeaderPairs('a: b' as unknown as HeadersInit)).toThrow(
      'init.headers must be a Headers, array or object'
    )
    expect(() => toHeaderPairs([['a', 'b', 'c']] as unknown as HeadersInit)).toThrow(
      'init.headers entries must be [name, value] pairs'
    )
    expect(() => toHeaderPairs({ 'a:b': '1' })).toThrow('Invalid header name: "a:b"')
    expect(() => toHeaderPairs({ '': '1' })).toThrow('Invalid header name: ""')
    expect(() => toHeaderPairs({ A: 'x\r\ny' })).toThrow('Header "a" must not contain CR, LF, NUL')
  })
})

describe('assertSafeValue', () => {
  it.each(['a\rb', 'a\nb', 'a\0b', 'a\x01', '\x1b[31m', 'a\x7f', '♥', '\ud83d\ude00'])(
    'rejects %j, naming the field',
    (value) => {
      expect(() => assertSafeValue('the field', value)).toThrow(/^the field must not contain/)
    }
  )

  it.each(['', 'plain', 'tab\there', 'latin-1 é ÿ', '"quoted"; x=1'])('accepts %j', (value) => {
    expect(() => assertSafeValue('f', value)).not.toThrow()
  })

  it.each([
    ['0x01', 0x01],
    ['0x08', 0x08],
    ['0x0b', 0x0b],
    ['0x0c', 0x0c],
    ['0x0e', 0x0e],
    ['0x1f', 0x1f],
    ['0x7f', 0x7f],
  ])('rejects the control character %s, which Node refuses to write', (_, code) => {
    expect(() => assertSafeValue('x-test', `a${String.fromCharCode(code)}b`)).toThrow(
      /^x-test must not contain CR, LF, NUL, other control characters/
    )
  })

  it('accepts exactly what both native Headers and Node accept, code units 0 to 0x17f', () => {
    for (let code = 0; code < 0x180; code++) {
      const value = `a${String.fromCharCode(code)}a`
      let theirs = true
      try {
        new Headers({ x: value })
        validateHeaderValue('x', value)
      } catch {
        theirs = false
      }
      let ours = true
      try {
        assertSafeValue('x', value)
      } catch {
        ours = false
      }
      expect([code, ours]).toEqual([code, theirs])
    }
  })
})

describe('header values on the wire', () => {
  it('names the header in the TypeError at construction', () => {
    expect(() => new PlainTextResponse('x', { headers: { 'X-Test': 'a\x01b' } })).toThrow(
      /^Header "x-test" must not contain/
    )
    expect(() => new PlainTextResponse('x', { headers: [['x-del', '\x7f']] })).toThrow(
      /^Header "x-del" must not contain/
    )
  })

  it('sends U+0080–U+00FF as one Latin-1 byte each, as Headers does', async () => {
    const server = createServer(
      toNodeListener(
        () => new PlainTextResponse(new TextEncoder().encode('ok'), { headers: { 'x-t': 'é\xff' } })
      )
    )
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = server.address() as AddressInfo
      const raw = await new Promise<Buffer>((resolve, reject) => {
        const chunks: Buffer[] = []
        const socket = connect(port, '127.0.0.1', () => {
          socket.end('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
        })
        socket.on('data', (chunk: Buffer) => chunks.push(chunk))
        socket.on('end', () => resolve(Buffer.concat(chunks)))
        socket.on('error', reject)
      })
      const line = raw.subarray(raw.indexOf('x-t: '), raw.indexOf('\r\n', raw.indexOf('x-t: ')))
      expect([...line.subarray(5)]).toEqual([0xe9, 0xff])
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })
})

describe('isToken', () => {
  it('accepts RFC 9110 tokens and rejects separators', () => {
    expect(isToken("!#$%&'*+-.^_`|~09AZaz")).toBe(true)
    for (const c of '()<>@,;:\\"/[]?={} \t') expect(isToken(`a${c}`)).toBe(false)
    expect(isToken('')).toBe(false)
  })
})

describe('findHeader', () => {
  it('returns the first value of a lower-case name', () => {
    expect(
      findHeader(
        [
          ['a', '1'],
          ['a', '2'],
        ],
        'a'
      )
    ).toBe('1')
    expect(findHeader([], 'a')).toBeUndefined()
  })
})
