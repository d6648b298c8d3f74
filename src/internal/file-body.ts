/**
 * Turns a {@link BodyPlan} into the body a response-kit class renders: bytes for in-memory
 * ranges, otherwise a lazily built stream through the shared stream function (DESIGN rule 3)
 * with the iterator form for the Node writer.
 *
 * @internal
 * @module
 */
import { streamBody, type RenderedBody } from '../response'
import type { BodyPlan } from './file-plan'
import type { FileBody } from './file-source'
import { iterableStream, iterateSource } from './iterable-stream'
import { multipartChunks } from './multipart'
import type { StreamBody } from './state'

const OPTIONS = { label: 'FileResponse' }

/** Runs `close` when the chunks end, fail or are abandoned. */
async function* closing(
  chunks: AsyncIterable<Uint8Array>,
  close: (() => void) | undefined
): AsyncGenerator<Uint8Array, void, undefined> {
  try {
    yield* chunks
  } finally {
    close?.()
  }
}

/**
 * A stream body over `make()`'s chunks: nothing is opened until the body is read, and the
 * `ReadableStream` form has a high-water mark of 0 so that even eager runtimes, which build it
 * at construction, open the file only on the first read. @internal
 */
export function chunkStream(make: () => AsyncIterable<Uint8Array>): StreamBody {
  return streamBody(
    () => iterableStream(make, OPTIONS, 0),
    () => iterateSource(make, OPTIONS)
  )
}

/** The rendered body for `plan`, read from `file`. @internal */
export function renderPlan(plan: BodyPlan, file: FileBody): RenderedBody {
  if (plan.type === 'none') return null
  if (plan.type === 'range') {
    const { start, end } = plan
    if (file.bytes !== undefined) return file.bytes(start, end)
    return chunkStream(() => closing(file.chunks(start, end), file.close))
  }
  const { frame, ranges } = plan
  return chunkStream(() =>
    closing(
      multipartChunks(frame, ranges, (s, e) => file.chunks(s, e)),
      file.close
    )
  )
}
