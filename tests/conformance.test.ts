/**
 * Conformance: every response-kit class behaves exactly as a native `Response` built from the
 * same bytes and headers (docs/architecture.md, "Every instance is a real Response"), in both modes of src/internal/mode.ts. The table
 * lives in tests/conformance/cases.ts; each accessor is compared by outcome (value or error
 * class), so a difference in either direction fails.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { badInput, cases, type ConformanceCase } from './conformance/cases'
import { describeAdapters, HTTP_ADAPTERS } from './helpers/describe-adapters'
import { isLazy, loadKit, type Kit, type Mode } from './helpers/load-kit'
import * as nodeKit from '../src/index'

type Outcome = { value: unknown } | { error: string }

/** Reduces a value to something `toEqual` can compare across native and response-kit. */
async function plain(value: unknown): Promise<unknown> {
  if (value instanceof Uint8Array) return { Uint8Array: [...value] }
  if (value instanceof ArrayBuffer) return { ArrayBuffer: [...new Uint8Array(value)] }
  if (value instanceof Blob) {
    return {
      Blob: value.type,
      size: value.size,
      bytes: [...new Uint8Array(await value.arrayBuffer())],
    }
  }
  if (value instanceof FormData) {
    const entries: unknown[] = []
    for (const [name, entry] of value) {
      entries.push([name, typeof entry === 'string' ? entry : await plain(entry)])
    }
    return { FormData: entries }
  }
  return value
}

async function outcome(run: () => unknown): Promise<Outcome> {
  try {
    return { value: await plain(await run()) }
  } catch (error) {
    return { error: (error as Error).constructor.name }
  }
}

function nativeTwin(c: ConformanceCase): Response {
  // Bytes, not a string: a native string body would add its own text/plain content-type.
  const chunk = typeof c.body === 'string' ? new TextEncoder().encode(c.body) : c.body
  let body = chunk as BodyInit | null
  if (c.stream && chunk !== null) {
    body = new ReadableStream({
      start: (controller) => (controller.enqueue(chunk), controller.close()),
    })
  }
  const init: ResponseInit = { status: c.status ?? 200, headers: c.headers }
  if (c.statusText !== undefined) init.statusText = c.statusText
  return new Response(body, init)
}

async function readAll(body: ReadableStream<Uint8Array> | null): Promise<number[] | null> {
  if (body === null) return null
  const out: number[] = []
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) out.push(...chunk)
  return out
}

const METHODS = ['text', 'json', 'arrayBuffer', 'blob', 'formData'] as const
const BODY_METHODS: string[] = [...METHODS]
if (typeof (Response.prototype as { bytes?: unknown }).bytes === 'function')
  BODY_METHODS.push('bytes')

function call(res: Response, method: string): Promise<unknown> {
  return (res as unknown as Record<string, () => Promise<unknown>>)[method]!()
}

function describeConformance(mode: Mode) {
  describe(`conformance [${mode}]`, () => {
    let kit: Kit
    beforeAll(async () => {
      kit = await loadKit(mode)
    })

    it(`loads in ${mode} mode`, () => {
      expect(isLazy(kit)).toBe(mode === 'lazy')
    })

    it.each(badInput)('throws the same error for %s', (_, make, error, message) => {
      expect(() => make(kit)).toThrow(error)
      expect(() => make(kit)).toThrow(message)
    })

    describe.each(cases)('$name', (c) => {
      const pair = () => ({ ours: c.make(kit), native: nativeTwin(c) })

      it('is a real Response', () => {
        const { ours } = pair()
        expect(ours).toBeInstanceOf(Response)
        expect(ours).toBeInstanceOf(kit.BaseResponse)
        expect(Object.prototype.toString.call(ours)).toBe('[object Response]')
      })

      it('matches status, statusText, ok, type, redirected and url', () => {
        const { ours, native } = pair()
        const meta = (r: Response) => [r.status, r.statusText, r.ok, r.type, r.redirected, r.url]
        expect(meta(ours)).toEqual(meta(native))
      })

      it('matches the headers and getSetCookie', () => {
        const { ours, native } = pair()
        expect([...ours.headers]).toEqual([...native.headers])
        expect(ours.headers.getSetCookie()).toEqual(native.headers.getSetCookie())
        expect(ours.headers).toBe(ours.headers)
      })

      it.each(BODY_METHODS)(
        '%s() gives the same outcome, then bodyUsed and a second read match',
        async (method) => {
          const { ours, native } = pair()
          expect(await outcome(() => call(ours, method))).toEqual(
            await outcome(() => call(native, method))
          )
          expect(ours.bodyUsed).toBe(native.bodyUsed)
          expect(await outcome(() => call(ours, method))).toEqual(
            await outcome(() => call(native, method))
          )
        }
      )

      it('body streams the same bytes and tracks bodyUsed and locked', async () => {
        const { ours, native } = pair()
        expect(ours.bodyUsed).toBe(false)
        expect(ours.body === null).toBe(native.body === null)
        expect(ours.body).toBe(ours.body)
        expect(ours.body?.locked).toBe(native.body?.locked)
        expect(await readAll(ours.body)).toEqual(await readAll(native.body))
        expect(ours.bodyUsed).toBe(native.bodyUsed)
        expect(ours.body?.locked).toBe(native.body?.locked)
        expect(await outcome(() => ours.text())).toEqual(await outcome(() => native.text()))
      })

      it('clone() gives an independent copy with the same status, headers and bytes', async () => {
        const { ours, native } = pair()
        const copy = ours.clone()
        const nativeCopy = native.clone()
        expect(copy).toBeInstanceOf(Response)
        expect([copy.status, copy.statusText, [...copy.headers]]).toEqual([
          nativeCopy.status,
          nativeCopy.statusText,
          [...nativeCopy.headers],
        ])
        expect(await outcome(() => copy.arrayBuffer())).toEqual(
          await outcome(() => nativeCopy.arrayBuffer())
        )
        expect(await outcome(() => ours.text())).toEqual(await outcome(() => native.text()))
        copy.headers.set('x-copy', '1')
        expect(ours.headers.has('x-copy')).toBe(false)
      })

      it('clone() after a read gives the same outcome', async () => {
        const { ours, native } = pair()
        await ours.arrayBuffer()
        await native.arrayBuffer()
        expect(await outcome(() => ours.clone().text())).toEqual(
          await outcome(() => native.clone().text())
        )
      })

      it('a locked body fails clone() and reads the same way', async () => {
        const { ours, native } = pair()
        ours.body?.getReader()
        native.body?.getReader()
        expect(await outcome(() => ours.clone().text())).toEqual(
          await outcome(() => native.clone().text())
        )
        expect(await outcome(() => ours.text())).toEqual(await outcome(() => native.text()))
      })

      it('blob() and formData() use a content-type changed after construction', async () => {
        const { ours, native } = pair()
        void ours.body
        void native.body
        ours.headers.set('content-type', 'application/x-www-form-urlencoded')
        native.headers.set('content-type', 'application/x-www-form-urlencoded')
        expect(await outcome(() => ours.clone().blob())).toEqual(
          await outcome(() => native.clone().blob())
        )
        expect(await outcome(() => ours.formData())).toEqual(await outcome(() => native.formData()))
      })
    })
  })
}

function describeBackground(mode: Mode) {
  describe(`background tasks [${mode}]`, () => {
    let kit: Kit
    beforeAll(async () => {
      kit = await loadKit(mode)
    })
    const tick = () => new Promise((resolve) => setTimeout(resolve, 0))

    /** Tasks that log their order; `done` resolves when the last one has run. */
    function tasks(count: number) {
      const log: string[] = []
      let finish!: () => void
      const done = new Promise<void>((resolve) => (finish = resolve))
      const list = Array.from({ length: count }, (_, i) => async () => {
        log.push(`start ${i}`)
        await tick()
        log.push(`end ${i}`)
        if (i === count - 1) finish()
      })
      return { log, done, list }
    }

    const makers: [string, (k: Kit, init: { background: (() => unknown)[] }) => Response][] = [
      ['PlainTextResponse', (k, init) => new k.PlainTextResponse('abc', init)],
      ['JSONResponse', (k, init) => new k.JSONResponse({ a: 1 }, init)],
      ['RedirectResponse', (k, init) => new k.RedirectResponse('/x', init)],
    ]

    it.each(makers)(
      '%s runs its tasks in order only after text() read the body',
      async (_, make) => {
        const { log, done, list } = tasks(3)
        const res = make(kit, { background: list })
        await tick()
        expect(log).toEqual([])
        const body = await res.text()
        await done
        expect(log).toEqual(['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2'])
        expect(body).toBe(await make(kit, { background: [] }).text())
      }
    )

    it('runs the tasks when the body stream is read to its end, not before', async () => {
      const { log, done, list } = tasks(2)
      const res = new kit.PlainTextResponse('hello', { background: list })
      const reader = res.body!.getReader()
      const first = await reader.read()
      expect(new TextDecoder().decode(first.value)).toBe('hello')
      await tick()
      expect(log).toEqual([])
      expect((await reader.read()).done).toBe(true)
      await done
      expect(log).toEqual(['start 0', 'end 0', 'start 1', 'end 1'])
    })

    it('leaves the tasks of a 204 to an adapter: there is no body to read', async () => {
      const { log, list } = tasks(1)
      const res = new kit.JSONResponse(null, { status: 204, background: list })
      expect(res.body).toBeNull()
      expect(await res.text()).toBe('')
      await tick()
      expect(log).toEqual([])
    })

    it('does not run the tasks when the body is cancelled', async () => {
      const { log, list } = tasks(1)
      const res = new kit.PlainTextResponse('hello', { background: list })
      await res.body!.cancel()
      await tick()
      await tick()
      expect(log).toEqual([])
    })

    it('reports a throwing task to onError and still runs the next one', async () => {
      const errors: [unknown, unknown][] = []
      let finish!: () => void
      const done = new Promise<void>((resolve) => (finish = resolve))
      const boom = new Error('boom')
      const res = new kit.JSONResponse([1], {
        background: [
          () => {
            throw boom
          },
          () => Promise.reject(new Error('async boom')),
          () => finish(),
        ],
        onError: (error, context) => errors.push([error, context]),
      })
      await expect(res.json()).resolves.toEqual([1])
      await done
      expect(errors).toEqual([
        [boom, { phase: 'background' }],
        [new Error('async boom'), { phase: 'background' }],
      ])
    })

    it('reports to console.error when there is no onError, and when onError itself throws', async () => {
      const seen: unknown[][] = []
      const original = console.error
      console.error = (...args: unknown[]) => void seen.push(args)
      try {
        const boom = new Error('boom')
        await new kit.PlainTextResponse('x', { background: () => Promise.reject(boom) }).text()
        await tick()
        expect(seen).toEqual([['[response-kit] background error:', boom]])
        const hookError = new Error('hook')
        const res = new kit.PlainTextResponse('x', {
          background: () => {
            throw boom
          },
          onError: () => {
            throw hookError
          },
        })
        await res.text()
        await tick()
        expect(seen[1]).toEqual(['[response-kit] onError hook threw:', hookError])
      } finally {
        console.error = original
      }
    })

    it('runs the tasks once: a clone carries none', async () => {
      let runs = 0
      const res = new kit.PlainTextResponse('x', { background: () => void runs++ })
      const copy = res.clone()
      await copy.text()
      await res.text()
      await tick()
      expect(runs).toBe(1)
    })
  })
}

/** Headers a server adds or frames differently for a stream than for a fixed body. */
const FRAMING = new Set(['connection', 'content-length', 'date', 'keep-alive', 'transfer-encoding'])
const wireHeaders = (res: Response) => [...res.headers].filter(([name]) => !FRAMING.has(name))

/**
 * Over real HTTP through every adapter (the Node default, lazy mode, which is what the adapters
 * load): each case and its native twin must reach the client alike, and a fixed body must
 * arrive with the content-length the table states.
 */
describeAdapters(
  'conformance over HTTP',
  (t) => {
    it.each(cases)('$name reaches the client as its native twin does', async (c) => {
      const init = { redirect: 'manual' } as const
      const ours = await t.fetch(() => c.make(nodeKit), '/', init)
      const native = await t.fetch(() => nativeTwin(c), '/', init)
      expect([ours.status, ours.statusText]).toEqual([native.status, native.statusText])
      expect(wireHeaders(ours)).toEqual(wireHeaders(native))
      expect(ours.headers.getSetCookie()).toEqual(native.headers.getSetCookie())
      expect(new Uint8Array(await ours.arrayBuffer())).toEqual(
        new Uint8Array(await native.arrayBuffer())
      )
      // For a stream the length is framing: @hono/node-server measures a stream whose chunks
      // are all ready at once (the twin's), not a pull-based one (ours), and sends it chunked.
      if (!c.stream) {
        const length = c.headers.find(([name]) => name === 'content-length')?.[1] ?? null
        expect(ours.headers.get('content-length')).toBe(length)
      }
    })
  },
  HTTP_ADAPTERS
)

describeConformance('lazy')
describeConformance('eager')
describeBackground('lazy')
describeBackground('eager')
