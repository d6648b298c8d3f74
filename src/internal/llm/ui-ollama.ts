/**
 * Bridge from Ollama's `/api/chat` and `/api/generate` streams to UI message chunks.
 *
 * @internal
 * @module
 */
import { ollamaChunks, type OllamaChunk, type OllamaSource } from './ollama'
import type { UIMessageChunk } from './ui-chunks'
import { finishReasonOf, Parts, START, UpstreamError } from './ui-parts'

function* ollamaLine(chunk: OllamaChunk, parts: Parts, calls: { n: number }) {
  const thinking = chunk.thinking ?? chunk.message?.thinking
  if (typeof thinking === 'string' && thinking !== '') {
    yield* parts.delta('reasoning', 'reasoning-0', thinking)
  }
  const text = chunk.response ?? chunk.message?.content
  if (typeof text === 'string' && text !== '') {
    yield* parts.end('reasoning-0')
    yield* parts.delta('text', 'text-0', text)
  }
  for (const call of chunk.message?.tool_calls ?? []) {
    const id = `call-${calls.n++}`
    const args = call.function.arguments
    const json = typeof args === 'string' ? args : JSON.stringify(args ?? {})
    yield* parts.toolInput(id, call.function.name, json)
    yield* parts.toolDone(id)
  }
}

/**
 * Maps an Ollama `/api/chat` or `/api/generate` stream to UI message chunks for
 * {@link UIMessageStreamResponse}: `start` and `start-step` first; `message.content` or
 * `response` as one text part; `thinking` (with `think: true`) as a reasoning part; each
 * complete tool call in `message.tool_calls` as `tool-input-start`, one `tool-input-delta`
 * and `tool-input-available`; the `done: true` line closes the parts and sends `finish-step`
 * and `finish` (from `done_reason`; `tool-calls` when the model called a tool). Reads a fetch
 * `Response`, a byte stream, an async iterable of chunks, or the `ollama` client's stream.
 * An `error` line, a line that is not JSON, a non-2xx `Response` or a stream that ends before
 * `done` throws, which `UIMessageStreamResponse` sends as an `error` chunk. Leaving early
 * cancels the upstream request (the body is cancelled, or the client's stream is aborted).
 *
 * @example
 * ```ts
 * import { Ollama } from 'ollama'
 * import { UIMessageStreamResponse, uiChunksFromOllama } from 'response-kit/llm'
 * const ollama = new Ollama({ host: 'http://127.0.0.1:11434' })
 * export async function POST(): Promise<Response> {
 *   const stream = await ollama.chat({
 *     model: 'llama3.2',
 *     messages: [{ role: 'user', content: 'Hi' }],
 *     stream: true,
 *   })
 *   return new UIMessageStreamResponse(uiChunksFromOllama(stream))
 * }
 * ```
 */
export async function* uiChunksFromOllama(source: OllamaSource): AsyncGenerator<UIMessageChunk> {
  const lines = ollamaChunks(source)
  yield* START
  const parts = new Parts()
  const calls = { n: 0 }
  for await (const chunk of lines) {
    yield* ollamaLine(chunk, parts, calls)
    if (chunk.done === true) {
      const reason = finishReasonOf(chunk.done_reason)
      return yield* parts.finish(reason === 'stop' && parts.hadToolCalls ? 'tool-calls' : reason)
    }
  }
  throw new UpstreamError('Ollama stream ended before done')
}
