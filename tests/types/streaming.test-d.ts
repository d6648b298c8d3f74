import { describe, expectTypeOf, it } from 'vitest'
import {
  NDJSONResponse,
  SSEResponse,
  StreamingResponse,
  type SSEEvent,
  type SSEResponseInit,
  type StreamingResponseInit,
} from '../../src/index'
import { toSSE, toTextStream, type LLMMessage } from '../../src/llm'

describe('streaming classes', () => {
  it('are Responses and subclasses of StreamingResponse', () => {
    expectTypeOf(new StreamingResponse([])).toMatchTypeOf<Response>()
    expectTypeOf(new SSEResponse([])).toMatchTypeOf<StreamingResponse>()
    expectTypeOf(new NDJSONResponse([])).toMatchTypeOf<StreamingResponse>()
    expectTypeOf(toSSE([])).toEqualTypeOf<SSEResponse>()
    expectTypeOf(toTextStream([])).toEqualTypeOf<StreamingResponse>()
  })

  it('accept the documented sources', () => {
    async function* agen() {
      yield 'a'
    }
    new StreamingResponse(agen())
    new StreamingResponse(() => agen())
    new StreamingResponse(new Uint8Array(1))
    new StreamingResponse('text')
    new StreamingResponse(new ReadableStream<Uint8Array>())
    // @ts-expect-error a number is not a source
    new StreamingResponse(42)
  })

  it('types primed() as returning the subclass', () => {
    expectTypeOf(SSEResponse.primed([])).toEqualTypeOf<Promise<SSEResponse>>()
  })

  it('rejects unknown init keys and wrong option types', () => {
    // @ts-expect-error not an option
    const bad: SSEResponseInit = { pingg: 1 }
    // @ts-expect-error ping is a number of ms
    const badPing: SSEResponseInit = { ping: '15s' }
    // @ts-expect-error only LF, CRLF and CR
    const badSep: SSEResponseInit = { sep: '\n\n' }
    // @ts-expect-error onClose must be a function
    const badClose: StreamingResponseInit = { onClose: 5 }
    void [bad, badPing, badSep, badClose]
  })

  it('types SSE events and LLM messages', () => {
    expectTypeOf<{ data: unknown; id: number }>().toMatchTypeOf<SSEEvent>()
    expectTypeOf<{ content: string }>().toMatchTypeOf<LLMMessage>()
    // @ts-expect-error event must be a string
    const badEvent: SSEEvent = { event: 1 }
    void badEvent
  })
})
