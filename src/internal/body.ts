/**
 * Turns the raw-body slot into a real body: the `BodyInit` handed to a native `Response`, with
 * background tasks run once the body has been read to its end (DESIGN rule 8).
 *
 * @internal
 * @module
 */
import { runTasks } from './background'
import { utf8Encode } from './bytes'
import { takeBackground, type ResponseState } from './state'

/** The body a native `Response` should get for `state`; builds a stream body at most once. @internal */
export function bodyInitFor(state: ResponseState): BodyInit | null {
  let body: string | Uint8Array | ReadableStream<Uint8Array> | null
  if (state.stream !== null) {
    body = state.stream.stream()
    // The stream now owns the source: the Node writer must not iterate it a second time.
    state.stream = null
  } else body = state.body
  if (state.background.length === 0) return body as BodyInit | null
  return thenRun(body, () => runTasks(takeBackground(state), state.onError))
}

/** A stream that yields `body` and calls `done` after its last chunk has been pulled. */
function thenRun(
  body: string | Uint8Array | ReadableStream<Uint8Array> | null,
  done: () => Promise<void>
): ReadableStream<Uint8Array> {
  if (body === null || typeof body === 'string' || body instanceof Uint8Array) {
    let chunk: Uint8Array | null = typeof body === 'string' ? utf8Encode(body) : body
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        if (chunk !== null && chunk.byteLength > 0) {
          controller.enqueue(chunk)
          chunk = null
          return
        }
        controller.close()
        void done()
      },
    })
  }
  const reader = body.getReader()
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const result = await reader.read()
      if (result.done) {
        controller.close()
        void done()
      } else controller.enqueue(result.value)
    },
    cancel(reason) {
      return reader.cancel(reason)
    },
  })
}
