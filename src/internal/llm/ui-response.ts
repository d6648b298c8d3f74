/**
 * The response that speaks the AI SDK's UI message stream protocol: SSE frames of JSON
 * chunks, `data: [DONE]` at the end, and the protocol's headers.
 *
 * @internal
 * @module
 */
import { SSEResponse, type SSEResponseInit } from '../../sse'
import { report } from '../core/report'
import { encodeUIMessageChunk, type UIMessageChunk } from './ui-chunks'

/** What {@link UIMessageStreamResponse} sends: UI message chunks, sync or async. */
export type UIMessageChunkSource = AsyncIterable<UIMessageChunk> | Iterable<UIMessageChunk>

/** Options of {@link UIMessageStreamResponse}. */
export interface UIMessageStreamResponseInit extends SSEResponseInit {
  /**
   * The `errorText` of the `error` chunk sent when the source throws. A function opts in to
   * details: it gets the error and returns the text the browser shows. Upstream errors can
   * carry prompts, keys or internal hosts, so the default says nothing about the cause.
   * @defaultValue `'An error occurred.'`
   */
  errorText?: string | ((error: unknown) => string)
}

const GENERIC_ERROR = 'An error occurred.'
const PROTOCOL_HEADERS = [
  // The AI SDK sends `text/event-stream` without a charset; JSON text is UTF-8 anyway.
  ['content-type', 'text/event-stream'],
  ['x-vercel-ai-ui-message-stream', 'v1'],
] as const

/** The `errorText` of an `error` chunk for `error`, per the `errorText` option. @internal */
export function errorTextOf(
  option: UIMessageStreamResponseInit['errorText'],
  error: unknown
): string {
  if (option === undefined) return GENERIC_ERROR
  if (typeof option === 'string') return option
  try {
    const text = option(error)
    return typeof text === 'string' ? text : GENERIC_ERROR
  } catch {
    return GENERIC_ERROR
  }
}

async function* frames(
  source: UIMessageChunkSource,
  init: UIMessageStreamResponseInit
): AsyncGenerator<string> {
  try {
    // Each chunk is checked as it is written; a bad one throws here, which also closes the
    // source (and with it the upstream request).
    for await (const chunk of source) yield encodeUIMessageChunk(chunk)
  } catch (error) {
    // A broken connection would make the client show a network error and let the user
    // retry a paid model call: report the failure and end the protocol cleanly instead.
    report(init.onError, error, { phase: 'stream' })
    yield JSON.stringify({ type: 'error', errorText: errorTextOf(init.errorText, error) })
  }
  yield '[DONE]'
}

function protocolInit(init: UIMessageStreamResponseInit): UIMessageStreamResponseInit {
  const headers = new Headers(init.headers)
  for (const [name, value] of PROTOCOL_HEADERS) if (!headers.has(name)) headers.set(name, value)
  return { ...init, headers }
}

/**
 * A `Response` that streams UI message chunks in the AI SDK's UI message stream protocol,
 * the format `useChat` (`DefaultChatTransport`) reads: one `data: {json}` SSE frame per
 * chunk, then `data: [DONE]`. Headers: `content-type: text/event-stream`,
 * `cache-control: no-cache`, `x-vercel-ai-ui-message-stream: v1` and `x-accel-buffering: no`
 * (the AI SDK's set minus `connection`, which HTTP/2 forbids). Every chunk is checked
 * against the protocol's schema as it is written: an unknown type, a missing, mistyped or
 * extra field, or a value JSON cannot encode is a `TypeError`. That error, like any error the
 * source throws, is reported to `onError`, closes the source and is sent as an `error`
 * chunk (with a generic `errorText` unless `init.errorText` opts in to details) followed by
 * `data: [DONE]`, never a broken connection. When the client leaves, the source is closed,
 * which cancels the upstream request of the bridges. A source that is not iterable throws
 * `TypeError` from the constructor; the other options are those of `SSEResponse`.
 *
 * @example
 * ```ts
 * import { UIMessageStreamResponse } from 'response-kit/llm'
 * export default {
 *   fetch: () =>
 *     new UIMessageStreamResponse([
 *       { type: 'start' },
 *       { type: 'text-start', id: 't1' },
 *       { type: 'text-delta', id: 't1', delta: 'Hello!' },
 *       { type: 'text-end', id: 't1' },
 *       { type: 'finish', finishReason: 'stop' },
 *     ]),
 * }
 * ```
 * @see {@link https://github.com/response-kit/response-kit/blob/main/docs/guides/llm.md | LLM guide}
 */
export class UIMessageStreamResponse extends SSEResponse {
  /**
   * @param content - UI message chunks, e.g. from `uiChunksFromOpenAIResponses`
   * @param init - status, headers, `errorText`, and the `SSEResponse` options
   */
  constructor(content: UIMessageChunkSource, init: UIMessageStreamResponseInit = {}) {
    if (
      typeof content !== 'object' ||
      content === null ||
      !(Symbol.asyncIterator in content || Symbol.iterator in content)
    ) {
      throw new TypeError(
        'UIMessageStreamResponse content must be an iterable of UI message chunks'
      )
    }
    super(() => frames(content, init), protocolInit(init))
  }
}
