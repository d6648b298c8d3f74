/**
 * Turns a {@link BodyPlan} into the body a response-kit class renders: bytes for in-memory
 * ranges, a `Blob` slice for one range of a Blob (or, on Bun, of a path), otherwise a
 * streaming `Body` (docs/architecture.md, "The data path") over the file's chunks.
 *
 * @internal
 * @module
 */
import type { RenderedBody } from '../../response'
import type { ErrorHandler } from '../../response'
import { multipartChunks } from '../http/multipart'
import { Body, type BodyOptions } from '../stream/body'
import type { BodyPlan } from './plan'
import type { FileBody } from './source'

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
 * A body over `make()`'s chunks: nothing is opened until the body is read, and the
 * `ReadableStream` form has a high-water mark of 0 so that even eager runtimes, which build it
 * at construction, open the file only on the first read. Read failures are reported once, to
 * `onError` (the response's), else to the reader's (the adapter's), else `console.error`.
 * @internal
 */
export function chunkStream(
  make: () => AsyncIterable<Uint8Array>,
  onError: ErrorHandler | undefined,
  release?: (chunk: Uint8Array) => void
): Body {
  const options: BodyOptions = { label: 'FileResponse', onError, highWaterMark: 0 }
  if (release !== undefined) options.release = release
  return new Body(make, options)
}

/**
 * The rendered body for `plan`, read from `file`; read failures go to `onError`. One range of a
 * source that can be sliced as a `Blob` is that slice when `blob` allows it
 * (docs/architecture.md, "The data path"). @internal
 */
export function renderPlan(
  plan: BodyPlan,
  file: FileBody,
  onError: ErrorHandler | undefined,
  blob = true
): RenderedBody {
  if (plan.type === 'none') return null
  if (plan.type === 'range') {
    const { start, end } = plan
    if (file.bytes !== undefined) return file.bytes(start, end)
    if (blob && file.blob !== undefined) return file.blob(start, end)
    return chunkStream(() => closing(file.chunks(start, end), file.close), onError, file.release)
  }
  const { frame, ranges } = plan
  return chunkStream(
    () =>
      closing(
        multipartChunks(frame, ranges, (s, e) => file.chunks(s, e)),
        file.close
      ),
    onError,
    file.release
  )
}
