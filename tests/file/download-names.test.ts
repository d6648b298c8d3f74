/**
 * Download names in every script, over real HTTP: the `content-disposition` header is read
 * back with an RFC 6266 / RFC 8187 parser written here (independent of the one in src), and
 * headless Chromium (Debian's, through playwright-core) saves the download under the name
 * the caller gave.
 */
import { type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FileResponse } from '../../src/file'
import type { TestServer } from '../helpers/serve'
import { serveNode } from './fixture'
import { launchChromium } from '../helpers/chromium'

/** Names a download can have; none is only Latin-1. */
const NAMES: ReadonlyArray<readonly [label: string, name: string]> = [
  ['Chinese', '报告.pdf'],
  ['Japanese', '請求書 2026年.xlsx'],
  ['Korean', '보고서.docx'],
  ['Cyrillic', 'Отчёт за май.pdf'],
  ['Greek', 'Ελληνικά.txt'],
  ['Arabic', 'تقرير.pdf'],
  ['an emoji', '😀 smile.png'],
  ['a ZWJ emoji sequence', '👩‍💻.txt'],
  ['combining marks (decomposed e acute, a dotless base)', 'cafe\u0301 q\u0307.txt'],
  ['a combining mark alone', '\u0301'],
  ['a ligature and full-width letters', 'ﬁle ＡＢＣ.txt'],
  ['Latin-1 accents', 'naïve résumé.pdf'],
]

/** Names with the characters the quoted fallback must keep out or escape. */
const TRICKY: ReadonlyArray<readonly [label: string, name: string]> = [
  ['double quotes', 'say "hi".txt'],
  ['backslashes', 'a\\b\\c.txt'],
  ['a quote, a backslash and CJK', '"报\\告".txt'],
  ['percent signs', '100% 完成.txt'],
  ["RFC 8187 syntax characters (' * ( ))", "it's (a) *draft*.txt"],
  ['semicolons and commas', 'a;b,c=d.txt'],
  ['leading and trailing spaces', '  spaced  .txt'],
]

interface Disposition {
  type: string
  params: Map<string, string>
}

/** Splits a content-disposition value into its type and raw parameters (quotes respected). */
function parseDisposition(header: string): Disposition {
  const parts: string[] = []
  let current = ''
  let quoted = false
  for (let i = 0; i < header.length; i++) {
    const c = header[i]!
    if (quoted && c === '\\') {
      current += c + (header[++i] ?? '')
      continue
    }
    if (c === '"') quoted = !quoted
    if (c === ';' && !quoted) {
      parts.push(current.trim())
      current = ''
    } else current += c
  }
  parts.push(current.trim())
  const [type = '', ...rest] = parts
  const params = new Map<string, string>()
  for (const part of rest) {
    const eq = part.indexOf('=')
    params.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim())
  }
  return { type: type.toLowerCase(), params }
}

/** RFC 9110 §5.6.4 quoted-string: strips the quotes and undoes quoted-pairs. */
function unquote(value: string): string {
  expect(value).toMatch(/^"(?:[^"\\]|\\.)*"$/)
  return value.slice(1, -1).replace(/\\(.)/g, '$1')
}

/** RFC 8187 §3.2 ext-value: `charset'language'pct-encoded`, decoded strictly as UTF-8. */
function decodeExtValue(value: string): string {
  const match = /^([^']*)'([^']*)'(.*)$/.exec(value)
  expect(match, value).not.toBeNull()
  const [, charset, , encoded] = match!
  expect(charset!.toLowerCase()).toBe('utf-8')
  // attr-char or pct-encoded, nothing else (RFC 8187 §3.2.1).
  expect(encoded).toMatch(/^(?:[A-Za-z0-9!#$&+.^_`|~-]|%[0-9A-F]{2})*$/)
  const bytes: number[] = []
  for (let i = 0; i < encoded!.length; i++) {
    if (encoded![i] === '%') {
      bytes.push(parseInt(encoded!.slice(i + 1, i + 3), 16))
      i += 2
    } else bytes.push(encoded!.charCodeAt(i))
  }
  return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes))
}

let server: TestServer

beforeAll(async () => {
  server = await serveNode((request) => {
    const url = new URL(request.url)
    const filename = url.searchParams.get('name')!
    const inline = url.searchParams.has('inline')
    return new FileResponse(new TextEncoder().encode('payload'), {
      filename,
      ...(inline ? { contentDisposition: 'inline' as const } : {}),
    })
  })
})

afterAll(async () => {
  await server?.close()
})

const download = (name: string) => fetch(`${server.url}/?name=${encodeURIComponent(name)}`)

describe('FileResponse', () => {
  describe('filename in any script over HTTP', () => {
    it.each([...NAMES, ...TRICKY])(
      'sends %s so that filename* decodes to the name',
      async (_, name) => {
        const res = await download(name)
        expect(res.status).toBe(200)
        expect(await res.text()).toBe('payload')
        const header = res.headers.get('content-disposition')!
        // Only printable ASCII reaches the wire, whatever the script.
        expect(header).toMatch(/^[\x20-\x7e]+$/)
        const { type, params } = parseDisposition(header)
        expect(type).toBe('attachment')
        expect(decodeExtValue(params.get('filename*')!)).toBe(name)
        // The fallback for old clients: a quoted, printable-ASCII name without `"`, `\` or `%`
        // (RFC 6266 appendix D), one character per character of the name.
        const fallback = unquote(params.get('filename')!)
        expect(fallback).toMatch(/^[\x20\x21\x23\x24\x26-\x5b\x5d-\x7e]+$/)
      }
    )

    it('keeps the extension and accents-stripped Latin letters in the fallback', async () => {
      const fallbackOf = async (name: string) =>
        unquote(
          parseDisposition((await download(name)).headers.get('content-disposition')!).params.get(
            'filename'
          )!
        )
      expect(await fallbackOf('报告.pdf')).toBe('__.pdf')
      expect(await fallbackOf('😀 smile.png')).toBe('_ smile.png')
      expect(await fallbackOf('cafe\u0301 q\u0307.txt')).toBe('cafe q.txt')
      expect(await fallbackOf('ﬁle ＡＢＣ.txt')).toBe('file ABC.txt')
      expect(await fallbackOf('say "hi" \\ 100%.txt')).toBe('say _hi_ _ 100_.txt')
    })

    it('sends a plain ASCII name as a quoted filename alone, inline when asked', async () => {
      const res = await fetch(`${server.url}/?name=report-2026.pdf&inline`)
      expect(res.headers.get('content-disposition')).toBe('inline; filename="report-2026.pdf"')
    })
  })

  describe('filename with bad input', () => {
    it.each([
      ['CR LF', 'a\r\nSet-Cookie: x=1.txt'],
      ['NUL', 'a\0.txt'],
      ['a tab', 'a\tb.txt'],
      ['0x01', 'a\x01.txt'],
      ['0x1f', 'a\x1f.txt'],
      ['DEL', 'a\x7f.txt'],
      ['a C1 control (NEL)', 'a\x85.txt'],
    ])('throws TypeError naming filename for %s', (_, filename) => {
      const make = () => new FileResponse(new Uint8Array(1), { filename })
      expect(make).toThrow(TypeError)
      expect(make).toThrow(/^filename must not contain control characters/)
    })

    it('throws TypeError naming filename for a lone surrogate', () => {
      for (const filename of ['a\ud800.txt', '\udc00', 'x\udfff\ud83d']) {
        expect(() => new FileResponse(new Uint8Array(1), { filename })).toThrow(
          'filename must not contain a lone UTF-16 surrogate'
        )
      }
    })
  })
})

describe('FileResponse downloads in Chromium', () => {
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    browser = await launchChromium()
    page = await browser.newPage({ acceptDownloads: true })
    await page.goto(`${server.url}/?name=start.txt&inline`)
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('saves each download under the name given, in every script', async () => {
    // Left out: a name of combining marks alone (no base letter, so browsers pick another
    // name) and the ZWJ sequence (Chromium replaces format characters such as U+200D in
    // file names with `_` itself, whatever the header says).
    const names = NAMES.map(([, name]) => name).filter(
      (name) => name !== '\u0301' && !name.includes('\u200d')
    )
    const saved: string[] = []
    for (const name of names) {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.evaluate(
          (href) => {
            const a = document.createElement('a')
            a.href = href
            document.body.append(a)
            a.click()
            a.remove()
          },
          `/?name=${encodeURIComponent(name)}`
        ),
      ])
      saved.push(download.suggestedFilename())
      await download.cancel()
    }
    // Chromium saves names in NFC, as most file systems and pickers show them.
    expect(saved).toEqual(names.map((name) => name.normalize('NFC')))
  })
})
