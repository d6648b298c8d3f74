import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { assertSafeValue } from '../../src/internal/core/headers'
import {
  asciiFallback,
  contentDisposition,
  encodeExtValue,
} from '../../src/internal/http/content-disposition'

/** Any well-formed name without control characters: every plane, marks and emoji included. */
const names = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 24 })
  .filter((name) => !/\p{Cc}/u.test(name))

describe('contentDisposition', () => {
  it('sends a plain token-safe ASCII name quoted and alone', () => {
    expect(contentDisposition('attachment', 'report.pdf')).toBe('attachment; filename="report.pdf"')
    expect(contentDisposition('inline', 'a_b-c~d#e$f&g+h^i`j|k.txt')).toBe(
      'inline; filename="a_b-c~d#e$f&g+h^i`j|k.txt"'
    )
  })

  it.each([
    ['报告.pdf', `attachment; filename="__.pdf"; filename*=UTF-8''%E6%8A%A5%E5%91%8A.pdf`],
    [
      'Отчёт.pdf',
      `attachment; filename="_____.pdf"; filename*=UTF-8''%D0%9E%D1%82%D1%87%D1%91%D1%82.pdf`,
    ],
    ['😀.txt', `attachment; filename="_.txt"; filename*=UTF-8''%F0%9F%98%80.txt`],
    ['e\u0301.txt', `attachment; filename="e.txt"; filename*=UTF-8''e%CC%81.txt`],
    [
      "it's (a) *b*",
      `attachment; filename="it's (a) *b*"; filename*=UTF-8''it%27s%20%28a%29%20%2Ab%2A`,
    ],
    ['a"b\\c%d', `attachment; filename="a_b_c_d"; filename*=UTF-8''a%22b%5Cc%25d`],
  ])('writes %j as %s', (name, header) => {
    expect(contentDisposition('attachment', name)).toBe(header)
  })

  it('always builds a header-safe value whose filename* decodes to the name', () => {
    fc.assert(
      fc.property(names, (name) => {
        const header = contentDisposition('attachment', name)
        // The rule for header values applies to what is sent: the encoded form.
        expect(() => assertSafeValue('content-disposition', header)).not.toThrow()
        expect(header).toMatch(/^[\x20-\x7e]+$/)
        const star = /; filename\*=UTF-8''([^;]*)$/.exec(header)
        const plain = /^attachment; filename="([^"\\]*)"$/.exec(header)
        if (star) expect(decodeURIComponent(star[1]!)).toBe(name)
        else expect(plain?.[1]).toBe(name)
      }),
      { numRuns: 500 }
    )
  })

  it.each([
    ['', 'filename must be a non-empty string'],
    ['a\r\nb', /^filename must not contain control characters/],
    ['a\0', /^filename must not contain control characters/],
    ['a\x0b', /^filename must not contain control characters/],
    ['\x7f', /^filename must not contain control characters/],
    ['\x9f', /^filename must not contain control characters/],
    ['a\ud83d', 'filename must not contain a lone UTF-16 surrogate'],
    ['\ude00b', 'filename must not contain a lone UTF-16 surrogate'],
  ])('throws TypeError for %j', (name, message) => {
    expect(() => contentDisposition('attachment', name)).toThrow(TypeError)
    expect(() => contentDisposition('attachment', name)).toThrow(message)
  })

  it('throws TypeError for a filename that is not a string', () => {
    expect(() => contentDisposition('attachment', 5 as unknown as string)).toThrow(
      'filename must be a non-empty string'
    )
  })
})

describe('encodeExtValue', () => {
  it('percent-encodes UTF-8, leaving only RFC 8187 attr-chars bare', () => {
    // `#$&+^`|` may stay bare too; encoding them is equally valid and decodes the same.
    expect(encodeExtValue('ABZabz09!-._~#$&+^`|')).toBe("UTF-8''ABZabz09!-._~%23%24%26%2B%5E%60%7C")
    expect(encodeExtValue(' "\'()*,/:;<=>?@[\\]{}%')).toBe(
      "UTF-8''%20%22%27%28%29%2A%2C%2F%3A%3B%3C%3D%3E%3F%40%5B%5C%5D%7B%7D%25"
    )
    expect(encodeExtValue('é😀')).toBe("UTF-8''%C3%A9%F0%9F%98%80")
  })
})

describe('asciiFallback', () => {
  it('gives one printable ASCII character per character, never ", \\ or %', () => {
    fc.assert(
      fc.property(names, (name) => {
        const fallback = asciiFallback(name)
        expect(fallback).toMatch(/^[\x20\x21\x23\x24\x26-\x5b\x5d-\x7e]+$/)
      }),
      { numRuns: 500 }
    )
  })

  it('keeps base letters of accented and compatibility characters', () => {
    expect(asciiFallback('Crème Brûlée')).toBe('Creme Brulee')
    expect(asciiFallback('ﬁ ＡＢＣ ①')).toBe('fi ABC 1')
    expect(asciiFallback('Ελλάδα 北京 😀')).toBe('______ __ _')
    expect(asciiFallback('\u0301\u0302')).toBe('_')
  })
})
