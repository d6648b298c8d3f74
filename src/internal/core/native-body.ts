/**
 * Turns the raw-body slot into a real body: the `BodyInit` handed to a native `Response`, with
 * background tasks run once the body has been read to its end (docs/architecture.md,
 * "Background tasks run after the body").
 *
 * @internal
 * @module
 */
import { runTasks } from './report'
import { isBlob, utf8Encode } from './bytes'
import { findHeader } from './headers'
import { takeBackground, type ResponseState } from './state'

/**
 * The body a native `Response` should get for `state`; builds a stream body at most once.
 * `status` matters only with background tasks: a 204/205/304 cannot carry the stream that
 * would run them, so there they stay in the slot for an adapter to run. @internal
 */
export function bodyInitFor(state: ResponseState, status = 200): BodyInit | null {
  let body: string | Uint8Array | Blob | ReadableStream<Uint8Array> | null
  // `stream()` claims the body: the Node writer can no longer take it. The slot keeps it, so
  // an adapter can still prime it (read ahead its first chunk).
  if (state.stream !== null) body = state.stream.stream()
  else body = state.body
  // A native Response adds `content-type: text/plain;charset=UTF-8` for a string body, and the
  // Blob's type for a Blob; with no media type we promise no content-type at all (Starlette),
  // so hand it bytes, or a Blob without a type. Bun keeps a file's type on every slice of it:
  // such a Blob goes as a stream.
  if (typeof body === 'string' || isTyped(body)) {
    if (contentTypeOf(state) == null) body = untyped(body)
  }
  if (state.background.length === 0) return body as BodyInit | null
  if (body === null && (status === 204 || status === 205 || status === 304)) return null
  return thenRun(body, () => runTasks(takeBackground(state), state.onError))
}

function isTyped(body: unknown): body is Blob {
  return typeof (body as Blob | null)?.type === 'string' && (body as Blob).type !== ''
}

/** `body` without a media type of its own. */
function untyped(body: string | Blob): Uint8Array | Blob | ReadableStream<Uint8Array> {
  if (typeof body === 'string') return utf8Encode(body)
  const plain = body.slice(0, body.size, '')
  return plain.type === '' ? plain : body.stream()
}

const NO_PULL_AHEAD: QueuingStrategy<Uint8Array> = { highWaterMark: 0 }

/** The current content-type, from `Headers` once materialised, else from the pairs. @internal */
export function contentTypeOf(state: ResponseState): string | null | undefined {
  if (state.headers !== null) return state.headers.get('content-type')
  return findHeader(state.pairs ?? [], 'content-type')
}

/**
 * A stream that yields `body` and calls `done` when the reader asks for more after the last
 * chunk. `highWaterMark: 0` stops the stream from pulling ahead on its own, which would start
 * the tasks as soon as the response is built (an empty body) or before the last chunk has been
 * read.
 */
function thenRun(
  body: string | Uint8Array | Blob | ReadableStream<Uint8Array> | null,
  done: () => Promise<void>
): ReadableStream<Uint8Array> {
  // A Blob is read as a stream here: the tasks must wait for its last chunk to be read.
  if (isBlob(body)) body = body.stream()
  const reader = body instanceof ReadableStream ? body.getReader() : null
  // A fixed body is one chunk (none when empty), then the end.
  let chunk = typeof body === 'string' ? utf8Encode(body) : reader ? null : (body as Uint8Array)
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const result = reader ? await reader.read() : { done: !chunk?.byteLength, value: chunk! }
        chunk = null
        if (result.done) {
          controller.close()
          void done()
        } else controller.enqueue(result.value)
      },
      cancel(reason) {
        return reader?.cancel(reason)
      },
    },
    NO_PULL_AHEAD
  )
}
