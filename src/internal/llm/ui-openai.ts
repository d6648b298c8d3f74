/**
 * Bridges from OpenAI streams (Responses API events, Chat Completions chunks) to UI message
 * chunks: text, reasoning and tool calls as the protocol's parts.
 *
 * @internal
 * @module
 */
import { objects, type OpenAIChatChunk, type OpenAIResponsesEvent, type Source } from './openai'
import type { UIMessageChunk } from './ui-chunks'
import { finishReasonOf, Parts, START, UpstreamError } from './ui-parts'

type ResponsesItem = NonNullable<OpenAIResponsesEvent['item']>

/** The tool name and call id of each function-call item, by item id. */
type Calls = Map<string, { callId: string; name: string }>

function* functionCall(parts: Parts, calls: Calls, item: ResponsesItem, done: boolean) {
  if (item.type !== 'function_call' || typeof item.id !== 'string') return
  let call = calls.get(item.id)
  if (call === undefined) {
    call = { callId: item.call_id ?? item.id, name: item.name ?? 'function' }
    calls.set(item.id, call)
    yield* parts.toolInput(call.callId, call.name, '')
  }
  if (done) {
    yield* parts.toolDone(
      call.callId,
      typeof item.arguments === 'string' ? item.arguments : undefined
    )
  }
}

function* responsesEvent(
  event: OpenAIResponsesEvent,
  parts: Parts,
  calls: Calls
): Generator<UIMessageChunk> {
  const item = event.item_id ?? 'item'
  switch (event.type) {
    case 'response.output_text.delta':
      return yield* parts.delta('text', `${item}:${event.content_index ?? 0}`, event.delta ?? '')
    case 'response.output_text.done':
      return yield* parts.end(`${item}:${event.content_index ?? 0}`)
    case 'response.reasoning_summary_text.delta':
    case 'response.reasoning_text.delta': {
      const index = event.summary_index ?? event.content_index ?? 0
      return yield* parts.delta('reasoning', `${item}:r${index}`, event.delta ?? '')
    }
    case 'response.reasoning_summary_text.done':
    case 'response.reasoning_text.done':
      return yield* parts.end(`${item}:r${event.summary_index ?? event.content_index ?? 0}`)
    case 'response.output_item.added':
    case 'response.output_item.done':
      if (event.item) {
        yield* functionCall(parts, calls, event.item, event.type === 'response.output_item.done')
      }
      return
    case 'response.function_call_arguments.delta': {
      const call = calls.get(item)
      if (call) yield* parts.toolInput(call.callId, call.name, event.delta ?? '')
      return
    }
    case 'response.function_call_arguments.done': {
      const call = calls.get(item)
      if (call) yield* parts.toolDone(call.callId, event.arguments)
      return
    }
  }
}

/**
 * Maps an OpenAI Responses API stream to UI message chunks for {@link UIMessageStreamResponse}:
 * `start` and `start-step` first; output text deltas as a text part per content part;
 * reasoning summary and reasoning text deltas as reasoning parts; a function call as
 * `tool-input-start`, its argument deltas as `tool-input-delta`, and its complete arguments
 * as `tool-input-available` (`tool-input-error` when they are not JSON); `response.completed`
 * closes open parts and sends `finish-step` and `finish` (`tool-calls` when the model called
 * a tool, else `stop`; `response.incomplete` gives `length` or `content-filter`). An `error`
 * event or `response.failed` throws, and so does a stream that ends before the response is
 * complete (a truncated answer must not look finished): `UIMessageStreamResponse` turns that
 * into an `error` chunk. Accepts the SDK's stream or a raw `text/event-stream` (`Response` or
 * byte stream); a non-2xx `Response` or a `data:` line that is not JSON throws. Leaving early
 * closes the source, which cancels the upstream request.
 *
 * @example
 * ```ts
 * import OpenAI from 'openai'
 * import { UIMessageStreamResponse, uiChunksFromOpenAIResponses } from 'response-kit/llm'
 * const openai = new OpenAI()
 * export async function POST(request: Request): Promise<Response> {
 *   const stream = await openai.responses.create(
 *     { model: 'gpt-5', input: 'Hello', stream: true },
 *     { signal: request.signal }
 *   )
 *   return new UIMessageStreamResponse(uiChunksFromOpenAIResponses(stream))
 * }
 * ```
 */
export async function* uiChunksFromOpenAIResponses(
  source: Source<OpenAIResponsesEvent>
): AsyncGenerator<UIMessageChunk> {
  const events = objects(source, 'uiChunksFromOpenAIResponses')
  yield* START
  const parts = new Parts()
  const calls: Calls = new Map()
  for await (const event of events) {
    switch (event.type) {
      case 'response.completed':
        return yield* parts.finish()
      case 'response.incomplete': {
        const reason = event.response?.incomplete_details?.reason
        return yield* parts.finish(finishReasonOf(reason) ?? 'other')
      }
      case 'error':
        throw new UpstreamError(event.message ?? 'error', event.code ?? null)
      case 'response.failed': {
        const error = event.response?.error
        throw new UpstreamError(error?.message ?? 'response failed', error?.code ?? null)
      }
      default:
        yield* responsesEvent(event, parts, calls)
    }
  }
  throw new UpstreamError('OpenAI stream ended before response.completed')
}

type ChatDelta = NonNullable<OpenAIChatChunk['choices'][number]['delta']>

function* chatDelta(
  delta: ChatDelta,
  parts: Parts,
  calls: Map<number, { id: string; name: string }>
) {
  const reasoning = delta.reasoning_content ?? delta.reasoning
  if (typeof reasoning === 'string' && reasoning !== '') {
    yield* parts.delta('reasoning', 'reasoning-0', reasoning)
  }
  if (typeof delta.content === 'string' && delta.content !== '') {
    // Reasoning comes first; the answer starting means it is over.
    yield* parts.end('reasoning-0')
    yield* parts.delta('text', 'text-0', delta.content)
  }
  for (const piece of delta.tool_calls ?? []) {
    let call = calls.get(piece.index)
    if (call === undefined) {
      call = { id: piece.id ?? `call-${piece.index}`, name: piece.function?.name ?? 'function' }
      calls.set(piece.index, call)
    }
    yield* parts.toolInput(call.id, call.name, piece.function?.arguments ?? '')
  }
}

/**
 * Maps OpenAI Chat Completions chunks to UI message chunks for
 * {@link UIMessageStreamResponse}: `start` and `start-step` first; `delta.content` as one text
 * part; `delta.reasoning_content` or `delta.reasoning` (DeepSeek, vLLM, Ollama, OpenRouter) as a
 * reasoning part; `delta.tool_calls` pieces as `tool-input-start` and `tool-input-delta` per
 * call index, completed as `tool-input-available` (or `tool-input-error` for arguments that
 * are not JSON) when the stream ends; then `finish-step` and `finish` with the chunk's
 * `finish_reason` (`tool_calls` → `tool-calls`, `length`, `content_filter` →
 * `content-filter`). A chunk with an `error` field throws, and so does a stream that ends
 * without a `finish_reason` (truncated): `UIMessageStreamResponse` turns that into an `error`
 * chunk. Accepts the SDK's stream or a raw `text/event-stream`; a non-2xx `Response` or a
 * `data:` line that is not JSON throws. Leaving early cancels the upstream request.
 *
 * @example
 * ```ts
 * import OpenAI from 'openai'
 * import { UIMessageStreamResponse, uiChunksFromOpenAIChat } from 'response-kit/llm'
 * const openai = new OpenAI()
 * export async function POST(request: Request): Promise<Response> {
 *   const stream = await openai.chat.completions.create(
 *     { model: 'gpt-4.1', messages: [{ role: 'user', content: 'Hi' }], stream: true },
 *     { signal: request.signal }
 *   )
 *   return new UIMessageStreamResponse(uiChunksFromOpenAIChat(stream))
 * }
 * ```
 */
export async function* uiChunksFromOpenAIChat(
  source: Source<OpenAIChatChunk>
): AsyncGenerator<UIMessageChunk> {
  const chunks = objects(source, 'uiChunksFromOpenAIChat')
  yield* START
  const parts = new Parts()
  const calls = new Map<number, { id: string; name: string }>()
  let reason: string | undefined
  for await (const chunk of chunks) {
    if (chunk.error !== undefined && chunk.error !== null) {
      const message = (chunk.error as { message?: unknown }).message
      throw new UpstreamError(typeof message === 'string' ? message : 'upstream error')
    }
    const choice = chunk.choices?.[0]
    if (choice === undefined) continue
    if (choice.delta) yield* chatDelta(choice.delta, parts, calls)
    if (typeof choice.finish_reason === 'string') reason = choice.finish_reason
  }
  if (reason === undefined) throw new UpstreamError('OpenAI stream ended without finish_reason')
  yield* parts.finish(finishReasonOf(reason))
}
