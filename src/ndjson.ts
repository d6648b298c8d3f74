import { typeName } from './internal/core/type-name'
import { assertStreamSource, type StreamSource } from './internal/stream/source'
import type { RenderedBody } from './response'
import {
  StreamOptions,
  StreamingResponse,
  streamingBody,
  type StreamingResponseInit,
} from './streaming'

/** One JSON value per line. */
class NDJSONOptions extends StreamOptions {
  map(item: unknown): string {
    return ndjsonLine(item)
  }
}

function ndjsonLine(item: unknown): string {
  const json = JSON.stringify(item) as string | undefined
  if (json === undefined) {
    throw new TypeError(`NDJSONResponse items must be JSON values, got ${typeName(item)}`)
  }
  return json + '\n'
}

/**
 * A `Response` that streams each item of its source as one line of JSON
 * (`content-type: application/x-ndjson`); pass `mediaType: 'application/jsonl'` for FastAPI's
 * JSON Lines. Strings are JSON strings too: every line is `JSON.stringify(item)` plus `\n`. An
 * item that has no JSON form (`undefined`, a function, a symbol) or cannot be serialized (a
 * BigInt, a cycle) errors the stream with a `TypeError`. Streams like {@link StreamingResponse}:
 * pull-based, the source's `finally` runs when the client leaves.
 *
 * @example
 * ```ts
 * import { NDJSONResponse } from 'response-kit'
 * async function* rows() {
 *   yield { id: 1, name: 'Ada' }
 *   yield { id: 2, name: 'Linus' }
 * }
 * export default { fetch: () => new NDJSONResponse(rows()) }
 * ```
 * @see {@link https://github.com/response-kit/response-kit/blob/main/docs/guides/streaming.md | Streaming guide}
 */
export class NDJSONResponse extends StreamingResponse {
  static override mediaType: string | null = 'application/x-ndjson'

  /** Validates the source and wraps it in a body that writes one JSON value per line. */
  static override render(content: unknown, init: StreamingResponseInit): RenderedBody {
    assertStreamSource(content, this.name)
    return streamingBody(content, init, new NDJSONOptions(this.name))
  }

  /**
   * @param content - a source of JSON values (an iterable, generator, or stream of objects)
   * @param init - status, headers, `mediaType`, `onClose`, `onError`
   */
  constructor(content: StreamSource, init?: StreamingResponseInit) {
    super(content, init)
  }
}
