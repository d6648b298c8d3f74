/**
 * Bridge for Ollama's NDJSON streams (`/api/generate` and `/api/chat`): one JSON object per
 * line, text in `response` or `message.content`, `done: true` on the last line, and an
 * `error` field when the model fails.
 *
 * @internal
 * @module
 */
import { linesOf, type ByteSource } from './lines'

/** The fields of an Ollama stream line the bridge reads. */
export interface OllamaChunk {
  /** Text from `/api/generate`. */
  response?: string
  /** Message from `/api/chat`. */
  message?: {
    /** The text of this chunk of the assistant's message. */
    content?: string
  }
  /** True on the last line. */
  done?: boolean
  /** Set instead of the text when the request failed. */
  error?: string
}

/**
 * Yields the text of an Ollama stream (`/api/generate`'s `response` or `/api/chat`'s
 * `message.content`), line by line, and stops at the line with `done: true`. Reads a fetch
 * `Response`, a byte stream or an async iterable of chunks; a non-2xx `Response`, an `error`
 * line or a line that is not JSON throws. Leaving early cancels the upstream body.
 *
 * @example
 * ```ts
 * import { fromOllama, toSSE } from 'response-kit/llm'
 * export async function handler(): Promise<Response> {
 *   const upstream = await fetch('http://127.0.0.1:11434/api/chat', {
 *     method: 'POST',
 *     body: JSON.stringify({ model: 'llama3.2', messages: [{ role: 'user', content: 'Hi' }] }),
 *   })
 *   return toSSE(fromOllama(upstream))
 * }
 * ```
 */
export async function* fromOllama(source: ByteSource): AsyncGenerator<string> {
  for await (const line of linesOf(source)) {
    if (line.trim() === '') continue
    let chunk: OllamaChunk
    try {
      chunk = JSON.parse(line) as OllamaChunk
    } catch {
      throw new SyntaxError(`Ollama stream line is not JSON: ${line.slice(0, 80)}`)
    }
    if (typeof chunk.error === 'string') throw new Error(`Ollama error: ${chunk.error}`)
    const text = chunk.response ?? chunk.message?.content
    if (typeof text === 'string' && text !== '') yield text
    if (chunk.done === true) return
  }
}
