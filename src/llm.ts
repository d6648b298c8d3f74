/**
 * Bridges from LLM provider streams to response-kit responses: OpenAI (Responses API events
 * and Chat Completions chunks) and Ollama (NDJSON or the `ollama` client's stream), typed
 * structurally so no SDK is needed; one-liners that send tokens as server-sent events or as
 * plain text; and `UIMessageStreamResponse`, which speaks the AI SDK's UI message stream
 * protocol that `useChat` reads. Import from
 * `'response-kit/llm'`; edge-safe (no `node:` imports).
 *
 * @module response-kit/llm
 */
import { report } from './internal/core/report'
import { typeName } from './internal/core/type-name'
import type { LLMMessage } from './internal/llm/openai'
import { SSEResponse, type SSEResponseInit } from './sse'
import { StreamingResponse, type StreamingResponseInit } from './streaming'

export { fromOpenAIChat, fromOpenAIResponses } from './internal/llm/openai'
export type {
  LLMMessage,
  OpenAIChatChunk,
  OpenAIResponsesEvent,
  Source,
} from './internal/llm/openai'
export { fromOllama } from './internal/llm/ollama'
export type { OllamaChunk, OllamaSource, OllamaStream } from './internal/llm/ollama'
export {
  UIMessageStreamResponse,
  type UIMessageChunkSource,
  type UIMessageStreamResponseInit,
} from './internal/llm/ui-response'
export type { ProviderMetadata, UIFinishReason, UIMessageChunk } from './internal/llm/ui-chunks'
export { uiChunksFromOpenAIChat, uiChunksFromOpenAIResponses } from './internal/llm/ui-openai'
export { uiChunksFromOllama } from './internal/llm/ui-ollama'
export { resumableUIMessageStream, resumeUIMessageStream } from './internal/llm/ui-resume'
export type {
  ResumableUIMessageStreamOptions,
  ResumeUIMessageStreamOptions,
  UIMessageProducer,
} from './internal/llm/ui-resume'
export type { ByteSource } from './internal/llm/lines'

/** Tokens as the one-liners accept them: text pieces or {@link LLMMessage}s. */
export type TokenSource = AsyncIterable<string | LLMMessage> | Iterable<string | LLMMessage>

function toMessage(item: unknown): LLMMessage {
  if (typeof item === 'string') return { content: item }
  if (typeof item === 'object' && item !== null) {
    if ('content' in item && typeof item.content === 'string') return { content: item.content }
    if ('done' in item && item.done === true) return { done: true }
    if ('error' in item && typeof item.error === 'object' && item.error !== null) {
      return item as LLMMessage
    }
  }
  throw new TypeError(`LLM tokens must be strings or LLM messages, got ${typeName(item)}`)
}

async function* sseMessages(source: TokenSource, init: SSEResponseInit) {
  try {
    for await (const item of source) {
      const message = toMessage(item)
      yield { data: message }
      if (!('content' in message)) return
    }
  } catch (error) {
    // The browser's EventSource reconnects after a broken connection, which would re-run a
    // paid model call: report the failure and end with an error event instead. The message
    // stays generic so upstream internals never reach the client.
    report(init.onError, error, { phase: 'stream' })
    yield { data: { error: { message: 'upstream stream failed' } } }
    return
  }
  yield { data: { done: true } }
}

/**
 * Sends tokens as server-sent events, one `data: {"content":"…"}` event per piece, then
 * `data: {"done":true}` (the GenAI seed's mapping); an upstream `{ error }` is sent as
 * `data: {"error":{…}}` and ends the stream. If the source throws, the error is reported to
 * `onError` and the client gets `{"error":{"message":"upstream stream failed"}}` instead of a
 * broken connection, so `EventSource` does not reconnect and re-run the model call. When
 * the client leaves, the source (and with it the upstream request) is closed. An item that
 * is neither a string nor a message errors the stream with a `TypeError`.
 *
 * @example
 * ```ts
 * import { fromOpenAIChat, toSSE } from 'response-kit/llm'
 * declare const completion: AsyncIterable<{ choices: { delta: { content?: string | null } }[] }>
 * const response = toSSE(fromOpenAIChat(completion))
 * ```
 * @see {@link https://github.com/response-kit/response-kit/blob/main/docs/guides/sse.md | SSE guide}
 */
export function toSSE(source: TokenSource, init: SSEResponseInit = {}): SSEResponse {
  return new SSEResponse(() => sseMessages(source, init), init)
}

async function* textPieces(source: TokenSource) {
  for await (const item of source) {
    const message = toMessage(item)
    if ('content' in message) yield message.content
    else if ('error' in message) throw new Error(`Upstream error: ${message.error.message}`)
    else return
  }
}

/**
 * Sends tokens as plain text (`text/plain; charset=utf-8`), each piece as soon as it arrives.
 * An upstream `{ error }` or a throwing source errors the body, so the client sees a broken
 * response rather than a truncated one that looks complete; the error goes to `onError`.
 * When the client leaves, the source is closed. A bad item errors the stream with a
 * `TypeError`.
 *
 * @example
 * ```ts
 * import { fromOllama, toTextStream } from 'response-kit/llm'
 * export async function handler(): Promise<Response> {
 *   const upstream = await fetch('http://127.0.0.1:11434/api/generate', {
 *     method: 'POST',
 *     body: JSON.stringify({ model: 'llama3.2', prompt: 'Why is the sky blue?' }),
 *   })
 *   return toTextStream(fromOllama(upstream))
 * }
 * ```
 * @see {@link https://github.com/response-kit/response-kit/blob/main/docs/guides/streaming.md | Streaming guide}
 */
export function toTextStream(
  source: TokenSource,
  init: StreamingResponseInit = {}
): StreamingResponse {
  return new StreamingResponse(() => textPieces(source), { mediaType: 'text/plain', ...init })
}
