/** Checks for app/streaming.ts: chunked bodies, SSE framing and NDJSON lines on every runtime. */
import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { request } from 'undici'
import { expect } from 'vitest'
import { patternBytes } from '../app/router'
import { fetchReply, type Case } from './case'

export const streamingCases: Case[] = [
  {
    subject: 'StreamingResponse',
    name: 'streams every chunk of an async generator with no content-length',
    async run(base, d) {
      const r = await fetchReply(base, d, '/stream')
      expect(r.status).toBe(200)
      expect(r.headers['content-type']).toBe('text/plain; charset=utf-8')
      expect(r.headers['content-length']).toBeUndefined()
      expect(r.body.toString()).toBe([0, 1, 2, 3, 4].map((i) => `chunk ${i}\n`).join(''))
    },
  },
  {
    subject: 'StreamingResponse',
    name: 'streams a ReadableStream of bytes unchanged',
    async run(base, d) {
      const r = await fetchReply(base, d, '/stream-readable')
      expect(r.status).toBe(200)
      expect(r.headers['content-type']).toBe('application/octet-stream')
      expect(r.body).toEqual(Buffer.from(patternBytes(70_000)))
    },
  },
  {
    subject: 'SSEResponse',
    name: 'frames events by the html spec with the sse headers',
    async run(base, d) {
      const r = await fetchReply(base, d, '/sse')
      expect(r.status).toBe(200)
      expect(r.headers['content-type']).toBe('text/event-stream; charset=utf-8')
      expect(r.headers['cache-control']).toBe('no-cache')
      expect(r.headers['x-accel-buffering']).toBe('no')
      expect(r.body.toString()).toBe(
        'data: a\ndata: b\n\nevent: e\nid: 1\ndata: {"x":1}\n\n: c\n\n'
      )
    },
  },
  {
    subject: 'NDJSONResponse',
    name: 'writes one json value per line',
    async run(base, d) {
      const r = await fetchReply(base, d, '/ndjson')
      expect(r.status).toBe(200)
      expect(r.headers['content-type']).toBe('application/x-ndjson')
      expect(r.body.toString()).toBe('{"a":1}\n{"b":"é"}\n"text"\n')
    },
  },
]

/**
 * Live delivery proven without timing: the generator waits for a second request (/release).
 * Not for workerd, where one request cannot resolve a promise of another (it cancels the
 * stream as hung); there the endless SSE of cancellationCases proves live delivery instead.
 */
export const crossRequestCases: Case[] = [
  {
    subject: 'StreamingResponse',
    name: 'delivers the first chunk before the generator goes on',
    async run(base, d) {
      const id = randomUUID()
      const res = await request(new URL(`/stream-gated?id=${id}`, base), { dispatcher: d })
      expect(res.statusCode).toBe(200)
      const iterator = res.body[Symbol.asyncIterator]()
      const first = await iterator.next()
      // The generator is parked on its gate: this chunk can only have come from a live stream.
      expect(Buffer.from(first.value as Uint8Array).toString()).toBe('first\n')
      await fetchReply(base, d, `/release?id=${id}`)
      let rest = ''
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        rest += Buffer.from(next.value as Uint8Array).toString()
      }
      expect(rest).toBe('second\n')
    },
  },
]

/** SSE cancellation: the client leaves after three events and the generator's finally runs. */
export const cancellationCases: Case[] = [
  {
    subject: 'SSEResponse',
    name: 'cancels the source and calls onClose when the client disconnects',
    async run(base, d, q) {
      const id = randomUUID()
      const res = await request(new URL(`/sse-endless?id=${id}`, base), { dispatcher: d })
      expect(res.statusCode).toBe(200)
      let text = ''
      for await (const chunk of res.body) {
        text += Buffer.from(chunk as Uint8Array).toString()
        if (text.split('\n\n').length > 3) break
      }
      res.body.destroy()
      expect(text.startsWith('id: 0\ndata: tick 0\n\nid: 1\ndata: tick 1\n\n')).toBe(true)
      // Bounded wait (at most 5 s) for the server to notice the disconnect and cancel the source.
      const done = q.requestTimersDie ? 'finally:false onClose:true' : 'finally:true onClose:true'
      let state = ''
      for (let i = 0; i < 100 && state !== done; i++) {
        await sleep(50)
        state = (await fetchReply(base, d, `/closed?id=${id}`)).body.toString()
      }
      expect(state).toBe(done)
    },
  },
]
