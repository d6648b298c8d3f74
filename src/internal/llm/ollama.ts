/**
 * Bridge for Ollama's NDJSON streams (`/api/generate` and `/api/chat`): one JSON object per
 * line, text in `response` or `message.content`, `done: true` on the last line, and an
 * `error` field when the model fails. Reads raw bytes or the `ollama` client's parsed stream.
 *
 * @internal
 * @module
 */
import { linesOf, type ByteSource } from './lines'

/** The fields of an Ollama stream line the bridges read. */
export interface OllamaChunk {
  /** Text from `/api/generate`. */
  response?: string
  /** Reasoning from `/api/generate` with `think: true`. */
  thinking?: string
  /** Message from `/api/chat`. */
  message?: {
    /** The text of this chunk of the assistant's message. */
    content?: string
    /** Reasoning of this chunk, with `think: true`. */
    thinking?: string
    /** Complete tool calls: Ollama sends each call whole, in one line. */
    tool_calls?: readonly {
      /** The function called and its arguments (an object, or a JSON string). */
      function: {
        /** The function's name. */
        name: string
        /** The arguments, already parsed by Ollama. */
        arguments?: unknown
      }
    }[]
  }
  /** True on the last line. */
  done?: boolean
  /** Why the model stopped, on the last line: `stop`, `length`, … */
  done_reason?: string
  /** Set instead of the text when the request failed. */
  error?: string
}

/**
 * The `ollama` client's stream (`ollama.chat({ stream: true })`): parsed lines plus `abort()`.
 * Leaving its iterator early does not cancel the request; only `abort()` does.
 */
export interface OllamaStream<T extends OllamaChunk = OllamaChunk> extends AsyncIterable<T> {
  /** Cancels the HTTP request behind the stream. */
  abort(): void
}

/** What the Ollama bridges read: raw NDJSON bytes or the `ollama` client's stream. */
export type OllamaSource = ByteSource | OllamaStream

function isOllamaStream(source: object): source is OllamaStream {
  return typeof (source as OllamaStream).abort === 'function' && Symbol.asyncIterator in source
}

async function* parsedLines(source: OllamaStream): AsyncGenerator<OllamaChunk> {
  const iterator = source[Symbol.asyncIterator]()
  let finished = false
  try {
    for (;;) {
      const next = await iterator.next()
      if (next.done === true) break
      if (next.value.done === true) {
        finished = true
        // One more step lets the client run its own end-of-stream bookkeeping.
        void iterator.next().catch(() => {})
      }
      yield next.value
      if (finished) return
    }
    finished = true
  } finally {
    // The client's iterator ignores return(): without abort() the request keeps running.
    if (!finished) source.abort()
  }
}

async function* ndjsonLines(source: ByteSource): AsyncGenerator<OllamaChunk> {
  for await (const line of linesOf(source)) {
    if (line.trim() === '') continue
    try {
      yield JSON.parse(line) as OllamaChunk
    } catch {
      throw new SyntaxError(`Ollama stream line is not JSON: ${line.slice(0, 80)}`)
    }
  }
}

/**
 * The lines of an Ollama stream up to the one with `done: true`; an `error` line throws.
 * Leaving early cancels the upstream request. @internal
 */
export async function* ollamaChunks(source: OllamaSource): AsyncGenerator<OllamaChunk> {
  if (typeof source !== 'object' || source === null) {
    throw new TypeError('Ollama source must be a Response, a ReadableStream or an async iterable')
  }
  const lines = isOllamaStream(source) ? parsedLines(source) : ndjsonLines(source)
  for await (const chunk of lines) {
    if (typeof chunk.error === 'string') throw new Error(`Ollama error: ${chunk.error}`)
    yield chunk
    if (chunk.done === true) return
  }
}

/**
 * Yields the text of an Ollama stream (`/api/generate`'s `response` or `/api/chat`'s
 * `message.content`), line by line, and stops at the line with `done: true`. Reads a fetch
 * `Response`, a byte stream, an async iterable of chunks, or the `ollama` client's stream
 * (`stream: true`); a non-2xx `Response`, an `error` line or a line that is not JSON throws.
 * Leaving early cancels the upstream request: the body is cancelled, or the client's
 * stream is `abort()`ed (its iterator alone would leave the request running).
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
export async function* fromOllama(source: OllamaSource): AsyncGenerator<string> {
  for await (const chunk of ollamaChunks(source)) {
    const text = chunk.response ?? chunk.message?.content
    if (typeof text === 'string' && text !== '') yield text
  }
}
