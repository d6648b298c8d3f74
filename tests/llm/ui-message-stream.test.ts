import fc from 'fast-check'
import { parseJsonEventStream, uiMessageChunkSchema } from 'ai'
import { describe, expect, it, vi } from 'vitest'
import { UIMessageStreamResponse, type UIMessageChunk } from '../../src/llm'
import { asAsync, iterate } from './helpers'

async function parsed(response: Response): Promise<unknown[]> {
  const out: unknown[] = []
  const stream = parseJsonEventStream({ stream: response.body!, schema: uiMessageChunkSchema })
  for await (const result of iterate(stream)) {
    if (!result.success) throw result.error
    out.push(result.value)
  }
  return out
}

describe('UIMessageStreamResponse', () => {
  it('sends the protocol headers without connection', () => {
    const response = new UIMessageStreamResponse([])
    expect(response.headers.get('content-type')).toBe('text/event-stream')
    expect(response.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1')
    expect(response.headers.get('cache-control')).toBe('no-cache')
    expect(response.headers.get('x-accel-buffering')).toBe('no')
    expect(response.headers.has('connection')).toBe(false)
  })

  it('frames each chunk as data: JSON and ends with [DONE]', async () => {
    const body = await new UIMessageStreamResponse([
      { type: 'start' },
      { type: 'text-start', id: 't' },
      { type: 'text-delta', id: 't', delta: 'a\nb' },
    ]).text()
    expect(body).toBe(
      'data: {"type":"start"}\n\ndata: {"type":"text-start","id":"t"}\n\n' +
        'data: {"type":"text-delta","id":"t","delta":"a\\nb"}\n\ndata: [DONE]\n\n'
    )
  })

  it('throws TypeError for content that is not iterable', () => {
    expect(() => new UIMessageStreamResponse(42 as never)).toThrow(TypeError)
  })

  describe('a wrong chunk', () => {
    const cases: [string, unknown, RegExp][] = [
      ['an unknown type', { type: 'text' }, /Unknown UI message chunk type "text"/],
      ['a missing field', { type: 'text-delta', id: 't' }, /"text-delta" needs "delta"/],
      ['a mistyped field', { type: 'text-delta', id: 't', delta: 1 }, /"delta" must be a string/],
      ['an extra field', { type: 'text-end', id: 't', text: 'x' }, /has no field "text"/],
      ['a bad finish reason', { type: 'finish', finishReason: 'done' }, /"finishReason" must be/],
      ['a data chunk without data', { type: 'data-x' }, /"data-x" needs "data"/],
      ['a BigInt', { type: 'data-x', data: 1n }, /not JSON-serializable/],
      ['not an object', 'hello', /must be a plain object/],
      [
        'a __proto__ key the client refuses',
        { type: 'data-x', data: JSON.parse('{"a":{"__proto__":{}}}') },
        /"__proto__" or "constructor.prototype" key/,
      ],
      [
        'a constructor.prototype key the client refuses',
        { type: 'data-x', data: { constructor: { prototype: 1 } } },
        /"__proto__" or "constructor.prototype" key/,
      ],
    ]
    for (const [name, chunk, message] of cases) {
      it(`is a TypeError reported to onError and sent as an error chunk: ${name}`, async () => {
        const onError = vi.fn()
        const closed = vi.fn()
        async function* source() {
          try {
            yield { type: 'start' } as UIMessageChunk
            yield chunk as UIMessageChunk
            yield { type: 'finish' } as UIMessageChunk
          } finally {
            closed()
          }
        }
        const chunks = await parsed(new UIMessageStreamResponse(source(), { onError }))
        expect(chunks).toEqual([
          { type: 'start' },
          { type: 'error', errorText: 'An error occurred.' },
        ])
        expect(onError).toHaveBeenCalledOnce()
        const error = onError.mock.calls[0]![0] as Error
        expect(error).toBeInstanceOf(TypeError)
        expect(error.message).toMatch(message)
        expect(closed).toHaveBeenCalledOnce()
      })
    }
  })

  it('accepts every chunk type of the schema, with optional fields', async () => {
    const all: UIMessageChunk[] = [
      { type: 'start', messageId: 'm1', messageMetadata: { a: 1 } },
      { type: 'start-step' },
      { type: 'reasoning-start', id: 'r', providerMetadata: { p: { k: 1 } } },
      { type: 'reasoning-delta', id: 'r', delta: 'x' },
      { type: 'reasoning-end', id: 'r' },
      { type: 'tool-input-start', toolCallId: 'c', toolName: 't', dynamic: true, title: 'T' },
      { type: 'tool-input-delta', toolCallId: 'c', inputTextDelta: '{}' },
      { type: 'tool-input-available', toolCallId: 'c', toolName: 't', input: {}, dynamic: true },
      {
        type: 'tool-output-available',
        toolCallId: 'c',
        output: [1],
        preliminary: false,
        dynamic: true,
      },
      { type: 'tool-input-error', toolCallId: 'd', toolName: 't', input: 'x', errorText: 'bad' },
      { type: 'tool-output-error', toolCallId: 'd', errorText: 'bad' },
      { type: 'source-url', sourceId: 's', url: 'https://example.com', title: 'E' },
      {
        type: 'source-document',
        sourceId: 'd',
        mediaType: 'text/plain',
        title: 'D',
        filename: 'd.txt',
      },
      { type: 'file', url: 'data:text/plain,hi', mediaType: 'text/plain' },
      { type: 'data-weather', id: 'w', data: { t: 20 }, transient: false },
      { type: 'message-metadata', messageMetadata: { done: true } },
      { type: 'finish-step' },
      { type: 'finish', finishReason: 'stop' },
      { type: 'abort', reason: 'user' },
    ]
    expect(await parsed(new UIMessageStreamResponse(asAsync(all)))).toEqual(all)
  })

  it('sends errorText from the option, and a generic one when the option throws', async () => {
    async function* failing(): AsyncGenerator<UIMessageChunk> {
      yield { type: 'start' }
      throw new Error('secret upstream detail')
    }
    const onError = vi.fn()
    const detailed = await parsed(
      new UIMessageStreamResponse(failing(), { onError, errorText: (e) => (e as Error).message })
    )
    expect(detailed.at(-1)).toEqual({ type: 'error', errorText: 'secret upstream detail' })
    const fixed = await parsed(
      new UIMessageStreamResponse(failing(), { onError, errorText: 'Try later' })
    )
    expect(fixed.at(-1)).toEqual({ type: 'error', errorText: 'Try later' })
    const thrown = await parsed(
      new UIMessageStreamResponse(failing(), {
        onError,
        errorText: () => {
          throw new Error('hook')
        },
      })
    )
    expect(thrown.at(-1)).toEqual({ type: 'error', errorText: 'An error occurred.' })
    expect(onError).toHaveBeenCalledTimes(3)
  })

  it('closes the source when the reader cancels', async () => {
    const closed = vi.fn()
    async function* endless(): AsyncGenerator<UIMessageChunk> {
      try {
        yield { type: 'text-start', id: 't' }
        for (;;) yield { type: 'text-delta', id: 't', delta: 'x' }
      } finally {
        closed()
      }
    }
    const reader = new UIMessageStreamResponse(endless()).body!.getReader()
    await reader.read()
    await reader.cancel()
    expect(closed).toHaveBeenCalledOnce()
  })

  describe('property: encoder and the ai parser agree', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 20 })
    const id = fc.string({ minLength: 1, maxLength: 8, unit: 'binary' })
    // Valid data only: keys the AI SDK's secure parser refuses are a TypeError (tested below).
    const forbidden = (v: unknown): boolean =>
      typeof v === 'object' &&
      v !== null &&
      Object.entries(v).some(
        ([k, child]) => k === '__proto__' || k === 'constructor' || forbidden(child)
      )
    const json = fc
      .jsonValue({ maxDepth: 2 })
      .map((v) => JSON.parse(JSON.stringify(v)) as unknown)
      .filter((v) => !forbidden(v))
    const chunk: fc.Arbitrary<UIMessageChunk> = fc.oneof(
      fc.record({ type: fc.constant('text-delta' as const), id, delta: text }),
      fc.record({ type: fc.constant('reasoning-delta' as const), id, delta: text }),
      fc.record({ type: fc.constant('text-start' as const), id }),
      fc.record({ type: fc.constant('reasoning-end' as const), id }),
      fc.record({
        type: fc.constant('tool-input-delta' as const),
        toolCallId: id,
        inputTextDelta: text,
      }),
      fc.record({
        type: fc.constant('tool-input-available' as const),
        toolCallId: id,
        toolName: id,
        input: json,
      }),
      fc.record(
        { type: fc.constant('source-url' as const), sourceId: id, url: text },
        { requiredKeys: ['type', 'sourceId', 'url'] }
      ),
      fc.record({ type: fc.constant('data-x' as const), data: json.filter((v) => v !== null) }),
      fc.record({ type: fc.constant('error' as const), errorText: text }),
      fc.record({
        type: fc.constant('finish' as const),
        finishReason: fc.constantFrom('stop' as const, 'length' as const),
      })
    )
    it('returns every random chunk sequence unchanged', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(chunk, { maxLength: 60 }), async (chunks) => {
          expect(await parsed(new UIMessageStreamResponse(chunks))).toEqual(chunks)
        }),
        { numRuns: 60 }
      )
    })
  })
})
