import { createParser } from 'eventsource-parser'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SSEResponse, type SSEEvent, type SSESeparator } from '../src/index'

type Observed =
  | { kind: 'comment'; text: string }
  | { kind: 'retry'; ms: number }
  | { kind: 'event'; data: string; event: string | undefined; id: string | undefined }

// Characters the encoder must get right, mixed with arbitrary well-formed unicode.
const tricky = fc.constantFrom(
  '\r',
  '\n',
  '\r\n',
  ' ',
  ':',
  '\0',
  'é',
  '😀',
  '\u2028',
  '\uFEFF',
  'data:'
)
const text = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.string({ unit: fc.oneof(tricky, fc.string({ unit: 'grapheme', maxLength: 1 })) }),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 50 }) },
  {
    weight: 1,
    arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 2000, maxLength: 20_000 }),
  },
  { weight: 1, arbitrary: fc.constant('') }
)
const singleLine = text.map((s) => s.replace(/[\r\n]/g, ''))

const eventArb: fc.Arbitrary<SSEEvent> = fc.record(
  {
    data: fc.oneof({ weight: 4, arbitrary: text }, { weight: 1, arbitrary: fc.jsonValue() }),
    event: singleLine,
    id: fc.oneof(
      singleLine.map((s) => s.replace(/\0/g, '')),
      fc.nat()
    ),
    retry: fc.nat(),
    comment: text,
  },
  { requiredKeys: [] }
)

function expected(events: readonly (SSEEvent | string)[]): Observed[] {
  const out: Observed[] = []
  for (const item of events) {
    const ev: SSEEvent = typeof item === 'string' ? { data: item } : item
    if (ev.comment !== undefined) {
      for (const line of ev.comment.split(/\r\n|\r|\n/)) out.push({ kind: 'comment', text: line })
    }
    if (ev.retry !== undefined) out.push({ kind: 'retry', ms: ev.retry })
    if (ev.data === undefined) continue
    const data = typeof ev.data === 'string' ? ev.data : JSON.stringify(ev.data)
    out.push({
      kind: 'event',
      data: data.replace(/\r\n|\r/g, '\n'),
      // The parser, like the browser, treats an empty event name as the default type.
      event: ev.event === '' ? undefined : ev.event,
      id: ev.id === undefined ? undefined : String(ev.id),
    })
  }
  return out
}

async function parse(response: Response): Promise<Observed[]> {
  const seen: Observed[] = []
  const parser = createParser({
    onEvent: (e) => seen.push({ kind: 'event', data: e.data, event: e.event, id: e.id }),
    onRetry: (ms) => seen.push({ kind: 'retry', ms }),
    onComment: (comment) => seen.push({ kind: 'comment', text: comment }),
  })
  const decoder = new TextDecoder()
  const reader = response.body!.getReader()
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    parser.feed(decoder.decode(r.value, { stream: true }))
  }
  // eventsource-parser holds back a CR at the end of a chunk until it knows whether an LF
  // follows, so with sep '\r' the last blank line needs this nudge at the end of the stream.
  parser.feed('\n')
  return seen
}

describe('SSEResponse', () => {
  describe('round trip through eventsource-parser', () => {
    it('gives back the same events, retries and comments for random input', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.oneof(eventArb, text), { maxLength: 12 }),
          fc.constantFrom<SSESeparator>('\n', '\r\n', '\r'),
          async (events, sep) => {
            const response = new SSEResponse(events, { sep, ping: 0 })
            expect(await parse(response)).toEqual(expected(events))
          }
        ),
        { numRuns: 300 }
      )
    })

    it('never surfaces a comment or a ping as a message', async () => {
      const response = new SSEResponse([{ comment: 'data: not a message' }, 'real'], { ping: 0 })
      const seen = await parse(response)
      expect(seen.filter((o) => o.kind === 'event')).toEqual([
        { kind: 'event', data: 'real', event: undefined, id: undefined },
      ])
    })
  })
})
