/**
 * Bridges for OpenAI streams, typed structurally (no SDK dependency): the Responses API's
 * semantic events and Chat Completions chunks, either as the SDK's async iterables of parsed
 * objects or as the raw `text/event-stream` body of a `fetch`.
 *
 * @internal
 * @module
 */
import { sseDataOf, type ByteSource } from './lines'

/** What the bridges yield: a piece of text, the end, or an upstream error (the GenAI seed's mapping). */
export type LLMMessage =
  | {
      /** A piece of generated text. */
      content: string
    }
  | {
      /** Set on the last message: the model finished. */
      done: true
    }
  | {
      /** The upstream failure. */
      error: {
        /** The upstream's error message. */
        message: string
        /** The upstream's error code, when it gives one. */
        code?: string | null
      }
    }

/** The fields of an OpenAI Responses API stream event the bridge reads. */
export interface OpenAIResponsesEvent {
  /** Event type, e.g. `response.output_text.delta`, `response.completed`, `error`. */
  type: string
  /** The text of a `*.delta` event (output text, reasoning, function-call arguments). */
  delta?: string
  /** The output item a delta or `*.done` event belongs to. */
  item_id?: string
  /** The summary part of a `response.reasoning_summary_text.*` event. */
  summary_index?: number
  /** The content part of a `response.output_text.*` or `response.reasoning_text.*` event. */
  content_index?: number
  /** The complete arguments of `response.function_call_arguments.done`. */
  arguments?: string
  /** The item of `response.output_item.added` and `response.output_item.done`. */
  item?: {
    /** Item type: `message`, `reasoning`, `function_call`, … */
    type: string
    /** Item id, which the delta events name as `item_id`. */
    id?: string | null
    /** The function call's id, which the tool result must name. */
    call_id?: string | null
    /** The function's name. */
    name?: string | null
    /** The complete arguments (a JSON string for function calls), on `response.output_item.done`. */
    arguments?: unknown
  }
  /** The message of an `error` event. */
  message?: string
  /** The code of an `error` event. */
  code?: string | null
  /** The response of `response.failed`, with its `error`. */
  response?: {
    /** Why an incomplete response stopped (`response.incomplete`). */
    incomplete_details?: {
      /** `max_output_tokens` or `content_filter`. */
      reason?: string
    } | null
    /** Why the response failed. */
    error?: {
      /** The upstream's error message. */
      message: string
      /** The upstream's error code, when it gives one. */
      code?: string | null
    } | null
  }
}

/** The fields of an OpenAI Chat Completions stream chunk the bridge reads. */
export interface OpenAIChatChunk {
  /** The choices; the bridges read `choices[0]`. */
  choices: readonly {
    /** The increment of this chunk. */
    delta?: {
      /** The text added by this chunk, if any. */
      content?: string | null
      /** Reasoning text, from servers that stream it (DeepSeek, vLLM). */
      reasoning_content?: string | null
      /** Reasoning text, from servers that name it so (Ollama, OpenRouter). */
      reasoning?: string | null
      /** Pieces of tool calls: the first piece of a call has its id and name. */
      tool_calls?: readonly {
        /** Which call of this message the piece belongs to. */
        index: number
        /** The call id, on the call's first piece. */
        id?: string
        /** The function name and a piece of its JSON arguments. */
        function?: {
          /** The function's name, on the call's first piece. */
          name?: string
          /** A piece of the JSON arguments. */
          arguments?: string
        }
      }[]
    } | null
    /** Why the model stopped, on the last chunk: `stop`, `length`, `tool_calls`, … */
    finish_reason?: string | null
  }[]
  /** Set instead of choices when the server fails mid-stream. */
  error?: unknown
}

/** What the OpenAI bridges read: the SDK's async iterable of parsed objects, or a raw SSE body. */
export type Source<T> = AsyncIterable<T> | ByteSource

function isByteSource(source: object): source is ByteSource {
  if (typeof (source as ReadableStream).getReader === 'function') return true
  return 'status' in source && 'body' in source
}

/** Parses each SSE `data` as JSON; stops at the Chat Completions `[DONE]` sentinel. */
async function* jsonEvents<T>(source: ByteSource): AsyncGenerator<T> {
  for await (const data of sseDataOf(source)) {
    if (data === '[DONE]') return
    yield JSON.parse(data) as T
  }
}

/** The parsed objects of `source`, from the SDK's iterable or a raw SSE body. @internal */
export function objects<T>(source: Source<T>, name: string): AsyncIterable<T> {
  if (typeof source !== 'object' || source === null) {
    throw new TypeError(`${name} source must be an async iterable, a Response or a ReadableStream`)
  }
  return isByteSource(source) ? jsonEvents<T>(source) : (source as AsyncIterable<T>)
}

/**
 * Maps an OpenAI Responses API stream to {@link LLMMessage}s: `response.output_text.delta`
 * gives `{ content: delta }`, `response.completed` gives `{ done: true }`, `error` and
 * `response.failed` give `{ error: { message, code } }`; the generator ends after the last
 * two, and other event types are skipped. Accepts the SDK's stream (`stream: true`) or the
 * raw `text/event-stream` of a `fetch` (`Response` or byte stream); a non-2xx `Response`
 * throws, and so does a `data:` line that is not JSON.
 *
 * @example
 * ```ts
 * import { fromOpenAIResponses, toSSE } from 'response-kit/llm'
 * export async function handler(): Promise<Response> {
 *   const upstream = await fetch('https://api.openai.com/v1/responses', {
 *     method: 'POST',
 *     headers: { authorization: 'Bearer …', 'content-type': 'application/json' },
 *     body: JSON.stringify({ model: 'gpt-5', input: 'Hello', stream: true }),
 *   })
 *   return toSSE(fromOpenAIResponses(upstream))
 * }
 * ```
 */
export async function* fromOpenAIResponses(
  source: Source<OpenAIResponsesEvent>
): AsyncGenerator<LLMMessage> {
  for await (const event of objects(source, 'fromOpenAIResponses')) {
    switch (event.type) {
      case 'response.output_text.delta':
        if (event.delta) yield { content: event.delta }
        break
      case 'response.completed':
        yield { done: true }
        return
      case 'error':
        yield { error: { message: event.message ?? 'error', code: event.code ?? null } }
        return
      case 'response.failed': {
        const error = event.response?.error
        yield { error: { message: error?.message ?? 'response failed', code: error?.code ?? null } }
        return
      }
    }
  }
}

/**
 * Yields the text of each OpenAI Chat Completions chunk (`choices[0].delta.content`),
 * skipping empty and `null` ones, and stops at the `[DONE]` sentinel. Accepts the SDK's
 * stream or the raw `text/event-stream` of a `fetch`; a non-2xx `Response` throws, and so
 * does a `data:` line that is not JSON.
 *
 * @example
 * ```ts
 * import { fromOpenAIChat, toTextStream } from 'response-kit/llm'
 * declare const completion: AsyncIterable<{ choices: { delta: { content?: string | null } }[] }>
 * const response = toTextStream(fromOpenAIChat(completion))
 * ```
 */
export async function* fromOpenAIChat(source: Source<OpenAIChatChunk>): AsyncGenerator<string> {
  for await (const chunk of objects(source, 'fromOpenAIChat')) {
    const content = chunk.choices?.[0]?.delta?.content
    if (typeof content === 'string' && content !== '') yield content
  }
}
