import { describe, expect, it, vi } from 'vitest'
import {
  cancelStream,
  createMemoryStore,
  resumableStream,
  type ProducedEvent,
} from '../../src/streams'
import { readEvents, text } from './sse-read'

const TOKENS = ['Hel', 'lo', ', ', 'wor', 'ld', '!']
let n = 0
const fresh = () => `r${++n}`

function req(lastId?: string, query = ''): Request {
  const headers: Record<string, string> = lastId === undefined ? {} : { 'last-event-id': lastId }
  return new Request(`http://x/stream${query}`, { headers })
}

async function* tokens(): AsyncGenerator<ProducedEvent> {
  for (const token of TOKENS) yield token
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5))

describe('resumableStream', () => {
  describe('one client', () => {
    it('streams every token with ids 1..n, then an end event', async () => {
      const store = createMemoryStore()
      const res = await resumableStream({ id: fresh(), store, producer: tokens, request: req() })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
      const events = await readEvents(res.body)
      expect(text(events)).toBe(TOKENS.join(''))
      expect(events.map((e) => e.id)).toEqual(['1', '2', '3', '4', '5', '6', '7'])
      expect(events.at(-1)).toMatchObject({ event: 'end', data: '{"reason":"complete"}' })
    })

    it('sends typed events with non-string data as JSON', async () => {
      const store = createMemoryStore()
      const producer = async function* () {
        yield { event: 'delta', data: { t: 'a' } }
        yield { data: 'plain' }
      }
      const res = await resumableStream({ id: fresh(), store, producer, request: req() })
      const events = await readEvents(res.body)
      expect(events.slice(0, 2)).toMatchObject([
        { event: 'delta', data: '{"t":"a"}', id: '1' },
        { data: 'plain', id: '2' },
      ])
    })
  })

  describe('resume', () => {
    it('sends what follows Last-Event-ID, and runs the producer once', async () => {
      const store = createMemoryStore()
      const producer = vi.fn(tokens)
      const id = fresh()
      await readEvents((await resumableStream({ id, store, producer, request: req() })).body)
      for (let cut = 0; cut < TOKENS.length; cut++) {
        const res = await resumableStream({ id, store, producer, request: req(String(cut)) })
        const events = await readEvents(res.body)
        expect(text(events)).toBe(TOKENS.slice(cut).join(''))
        expect(events[0]!.id).toBe(String(cut + 1))
      }
      expect(producer).toHaveBeenCalledTimes(1)
    })

    it('reads the lastEventId query parameter when there is no header', async () => {
      const store = createMemoryStore()
      const id = fresh()
      await readEvents(
        (await resumableStream({ id, store, producer: tokens, request: req() })).body
      )
      const res = await resumableStream({
        id,
        store,
        producer: tokens,
        request: req(undefined, '?lastEventId=4'),
      })
      expect(text(await readEvents(res.body))).toBe(TOKENS.slice(4).join(''))
    })

    it('answers 204 to a client that has the last event', async () => {
      const store = createMemoryStore()
      const id = fresh()
      await readEvents(
        (await resumableStream({ id, store, producer: tokens, request: req() })).body
      )
      const res = await resumableStream({ id, store, producer: tokens, request: req('7') })
      expect(res.status).toBe(204)
      expect(
        (await resumableStream({ id, store, producer: tokens, request: req('end') })).status
      ).toBe(204)
    })

    it('answers 400 to a malformed Last-Event-ID', async () => {
      const store = createMemoryStore()
      const res = await resumableStream({
        id: fresh(),
        store,
        producer: tokens,
        request: req('x1'),
      })
      expect(res.status).toBe(400)
      expect(await res.text()).toMatch(/Last-Event-ID/)
    })

    it('ends with reason lost when a resumed stream is unknown, and never starts it', async () => {
      const store = createMemoryStore()
      const producer = vi.fn(tokens)
      const res = await resumableStream({ id: fresh(), store, producer, request: req('3') })
      const events = await readEvents(res.body)
      expect(events).toEqual([{ id: 'end', event: 'end', data: '{"reason":"lost"}' }])
      expect(producer).not.toHaveBeenCalled()
    })

    it('ends with reason trimmed when the client resumes before the oldest kept event', async () => {
      const store = createMemoryStore()
      const id = fresh()
      const opts = { id, store, producer: tokens, maxLen: 3 }
      await readEvents((await resumableStream({ ...opts, request: req() })).body)
      const events = await readEvents((await resumableStream({ ...opts, request: req('1') })).body)
      expect(events).toEqual([{ id: 'end', event: 'end', data: '{"reason":"trimmed"}' }])
    })
  })

  describe('producer life', () => {
    it('keeps producing after the client leaves, and hands its promise to waitUntil', async () => {
      const store = createMemoryStore()
      const id = fresh()
      let produced = 0
      const producer = async function* () {
        for (let i = 0; i < 20; i++) {
          await tick()
          produced++
          yield `t${i} `
        }
      }
      const waitUntil = vi.fn()
      const res = await resumableStream({ id, store, producer, request: req(), waitUntil })
      await readEvents(res.body, (_, all) => all.length === 2)
      await waitUntil.mock.calls[0]![0]
      expect(produced).toBe(20)
      const events = await readEvents(
        (await resumableStream({ id, store, producer, request: req('2') })).body
      )
      expect(events).toHaveLength(19)
    })

    it('ends with reason failed and reports the error when the producer throws', async () => {
      const store = createMemoryStore()
      const onError = vi.fn()
      const producer = async function* () {
        yield 'a'
        throw new Error('model down')
      }
      const res = await resumableStream({
        id: fresh(),
        store,
        producer,
        request: req(),
        init: { onError },
      })
      const events = await readEvents(res.body)
      expect(events.map((e) => e.data)).toEqual(['a', '{"reason":"failed"}'])
      expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'model down' }), {
        phase: 'stream',
      })
    })

    it('stops on cancel (the signal aborts, clients get reason cancelled)', async () => {
      const store = createMemoryStore()
      const id = fresh()
      let signal: AbortSignal | undefined
      const producer = async function* (s: AbortSignal) {
        signal = s
        for (let i = 0; ; i++) {
          await tick()
          yield `${i} `
        }
      }
      const res = await resumableStream({ id, store, producer, request: req() })
      const events = readEvents(res.body)
      await vi.waitFor(() => expect(signal).toBeDefined())
      await cancelStream({ id, store })
      const all = await events
      expect(signal!.aborted).toBe(true)
      expect(all.at(-1)).toMatchObject({ event: 'end', data: '{"reason":"cancelled"}' })
    })

    it('stops a producer stuck in an await at once on cancel', async () => {
      const store = createMemoryStore()
      const id = fresh()
      const producer = async function* () {
        yield 'first'
        await new Promise(() => {})
      }
      const res = await resumableStream({ id, store, producer, request: req() })
      const events = readEvents(res.body)
      // Cancel once the first token is logged, while the producer hangs.
      await vi.waitFor(async () => expect(await store.head(`s:{${id}}`)).toBe(1))
      await cancelStream({ id, store })
      expect((await events).map((e) => e.data)).toEqual(['first', '{"reason":"cancelled"}'])
    })

    it('reports an abandoned stream when the producer lease expires without a last event', async () => {
      const store = createMemoryStore()
      const id = fresh()
      // A claim whose holder never writes again: what a dead process leaves behind.
      await store.claim(`s:{${id}}`, { leaseMs: 30, ttlMs: 60_000, maxLen: 100 })
      const res = await resumableStream({
        id,
        store,
        producer: tokens,
        request: req(),
        leaseMs: 30,
      })
      const events = await readEvents(res.body)
      expect(events).toEqual([{ id: '1', event: 'end', data: '{"reason":"abandoned"}' }])
    })
  })

  describe('slow clients', () => {
    it('gives a client that reads slowly every event, in order, past its live queue bound', async () => {
      const store = createMemoryStore()
      const count = 300
      const producer = async function* () {
        for (let i = 0; i < count; i++) yield `${i},`
      }
      const res = await resumableStream({
        id: fresh(),
        store,
        producer,
        request: req(),
        maxQueue: 4,
      })
      const reader = res.body!.getReader()
      await reader.read()
      // Let the producer run far ahead of this client before it reads on.
      await new Promise((resolve) => setTimeout(resolve, 20))
      reader.releaseLock()
      const events = await readEvents(res.body)
      const want = Array.from({ length: count }, (_, i) => `${i},`).join('')
      expect(want.endsWith(text(events))).toBe(true)
      expect(events.at(-1)!.data).toBe('{"reason":"complete"}')
      const ids = events.map((e) => Number(e.id))
      expect(ids).toEqual(ids.map((_, i) => ids[0]! + i))
    })
  })

  describe('bad input', () => {
    const store = createMemoryStore()
    it('throws TypeError for a bad id, store or producer', async () => {
      await expect(resumableStream({ id: '', store, producer: tokens })).rejects.toThrow(TypeError)
      await expect(resumableStream({ id: 'a\nb', store, producer: tokens })).rejects.toThrow(
        /options.id/
      )
      // @ts-expect-error: not a store
      await expect(resumableStream({ id: 'a', store: {}, producer: tokens })).rejects.toThrow(
        /options.store/
      )
      // @ts-expect-error: not a function
      await expect(resumableStream({ id: 'a', store, producer: 1 })).rejects.toThrow(/producer/)
    })
    it('throws RangeError for a bad number', async () => {
      await expect(
        resumableStream({ id: 'a', store, producer: tokens, leaseMs: 1.5 })
      ).rejects.toThrow(RangeError)
      await expect(
        resumableStream({ id: 'a', store, producer: tokens, batch: { maxEvents: 0 } })
      ).rejects.toThrow(/maxEvents/)
    })
    it('ends a stream whose producer yields a bad item with reason failed', async () => {
      const onError = vi.fn()
      const producer = async function* () {
        yield 42 as unknown as string
      }
      const res = await resumableStream({
        id: fresh(),
        store,
        producer,
        request: req(),
        init: { onError },
      })
      expect((await readEvents(res.body)).map((e) => e.data)).toEqual(['{"reason":"failed"}'])
      expect(onError.mock.calls[0]![0]).toBeInstanceOf(TypeError)
    })
  })
})
