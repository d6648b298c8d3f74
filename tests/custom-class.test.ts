/**
 * The documented extension point (docs/guides/responses.md, "Writing your own class"): a
 * static `render` and `mediaType`, called through `new.target`. The two classes below are the
 * guide's, verbatim, so the guide cannot drift from what works.
 */
import { describe, expect, it } from 'vitest'
import { BaseResponse, JSONResponse, streamBody } from '../src/index'
import type { BaseResponseInit, RenderedBody } from '../src/index'
import { getState } from '../src/internal/core/state'
import { describeAdapters } from './helpers/describe-adapters'
import { loadKit } from './helpers/load-kit'

/** Pretty-printed JSON, two-space indent. */
class PrettyJSONResponse extends JSONResponse {
  static override render(content: unknown): RenderedBody {
    return JSON.stringify(content, null, 2) + '\n'
  }
}

/** A tiny XML response. */
class XMLResponse extends BaseResponse {
  static override mediaType: string | null = 'application/xml'
  static override render(content: unknown, _init: BaseResponseInit): RenderedBody {
    const escaped = String(content).replace(/[<>&]/g, (c) => `&#${c.charCodeAt(0)};`)
    return `<?xml version="1.0" encoding="utf-8"?><value>${escaped}</value>`
  }
}

describe('BaseResponse subclasses', () => {
  describe('PrettyJSONResponse (the guide)', () => {
    it('renders indented JSON and keeps JSONResponse’s media type', async () => {
      const res = new PrettyJSONResponse({ a: 1, b: ['é'] })
      const expected = '{\n  "a": 1,\n  "b": [\n    "é"\n  ]\n}\n'
      expect(await res.text()).toBe(expected)
      expect(res.headers.get('content-type')).toBe('application/json')
      expect(res.headers.get('content-length')).toBe(
        String(new TextEncoder().encode(expected).length)
      )
      expect(res).toBeInstanceOf(JSONResponse)
      expect(res).toBeInstanceOf(Response)
    })

    it('keeps the base rules: status checks, cookies, headers', () => {
      expect(() => new PrettyJSONResponse({}, { status: 99 })).toThrow(/^PrettyJSONResponse status/)
      const res = new PrettyJSONResponse({}, { status: 201, headers: { 'x-a': '1' } }).setCookie(
        'k',
        'v'
      )
      expect([res.status, res.headers.get('x-a'), res.headers.getSetCookie()]).toEqual([
        201,
        '1',
        ['k=v; Path=/; SameSite=Lax'],
      ])
    })
  })

  describe('XMLResponse (the guide)', () => {
    it('renders escaped XML as application/xml without a charset parameter', async () => {
      const res = new XMLResponse('1 < 2 & 3')
      expect(await res.text()).toBe(
        '<?xml version="1.0" encoding="utf-8"?><value>1 &#60; 2 &#38; 3</value>'
      )
      expect(res.headers.get('content-type')).toBe('application/xml')
    })

    it('passes init to render and lets init.mediaType override the static one', () => {
      let seen: BaseResponseInit | undefined
      class Spy extends XMLResponse {
        static override render(content: unknown, init: BaseResponseInit): RenderedBody {
          seen = init
          return super.render(content, init)
        }
      }
      const res = new Spy(1, { mediaType: 'text/xml' })
      expect(seen).toEqual({ mediaType: 'text/xml' })
      expect(res.headers.get('content-type')).toBe('text/xml; charset=utf-8')
    })
  })

  describe('other hooks', () => {
    it('uses a static defaultStatus and checkStatus', () => {
      class Accepted extends JSONResponse {
        static override defaultStatus = 202
        static override checkStatus(status: number) {
          if (status !== 202) throw new RangeError('Accepted is always 202')
        }
      }
      expect(new Accepted({}).status).toBe(202)
      expect(() => new Accepted({}, { status: 200 })).toThrow('Accepted is always 202')
    })

    it('streams a streamBody without content-length and keeps it in the slot', async () => {
      class Lines extends BaseResponse {
        static override mediaType: string | null = 'text/plain'
        static override render(content: unknown): RenderedBody {
          const lines = content as string[]
          return streamBody(
            () =>
              new ReadableStream({
                start(controller) {
                  for (const line of lines)
                    controller.enqueue(new TextEncoder().encode(`${line}\n`))
                  controller.close()
                },
              })
          )
        }
      }
      const res = new Lines(['a', 'b'])
      expect(getState(res)!.stream).not.toBeNull()
      expect(res.headers.has('content-length')).toBe(false)
      expect(await res.text()).toBe('a\nb\n')
    })

    it('returns bytes from render as they are', async () => {
      class Binary extends BaseResponse {
        static override mediaType: string | null = 'application/octet-stream'
        static override render(): RenderedBody {
          return new Uint8Array([0, 255])
        }
      }
      expect(new Uint8Array(await new Binary().arrayBuffer())).toEqual(new Uint8Array([0, 255]))
    })
  })

  describe.each(['lazy', 'eager'] as const)('in %s mode', (mode) => {
    it('behaves the same: a subclass of a fresh copy renders through new.target', async () => {
      const kit = await loadKit(mode)
      class Pretty extends kit.JSONResponse {
        static override render(content: unknown): RenderedBody {
          return JSON.stringify(content, null, 1)
        }
      }
      const res = new Pretty([1])
      const copy = res.clone()
      expect(await res.text()).toBe('[\n 1\n]')
      expect(await copy.text()).toBe('[\n 1\n]')
      expect(res.headers.get('content-length')).toBe('6')
    })
  })
})

describeAdapters('custom classes over HTTP', (t) => {
  it('sends PrettyJSONResponse and XMLResponse with their types and lengths', async () => {
    const pretty = await t.fetch(() => new PrettyJSONResponse({ ok: true }))
    expect(pretty.headers.get('content-type')).toBe('application/json')
    expect(await pretty.text()).toBe('{\n  "ok": true\n}\n')
    const xml = await t.fetch(() => new XMLResponse('<x>'))
    expect(xml.headers.get('content-type')).toBe('application/xml')
    expect(xml.headers.get('content-length')).toBe('64')
    expect(await xml.text()).toBe(
      '<?xml version="1.0" encoding="utf-8"?><value>&#60;x&#62;</value>'
    )
  })
})
