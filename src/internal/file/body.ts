/**
 * Turns a {@link BodyPlan} into the body a response-kit class renders: bytes for in-memory
 * ranges, otherwise a lazily built stream through the shared stream function (DESIGN rule 3)
 * with the iterator form for the Node writer.
 *
 * @internal
 * @module
 */
import { streamBody, type RenderedBody } from '../../response'
import { report, type ErrorHandler } from '../core/report'
import type { BodyPlan } from './plan'
import type { FileBody } from './source'
import { iterableStream, iterateSource } from '../stream/readable'
import { multipartChunks } from '../http/multipart'
import type { StreamBody } from '../core/state'

/** Stream options that report a read failure (a disk error, a failing stream source). */
class FileOptions {
  readonly label = 'FileResponse'
  constructor(private readonly handler: ErrorHandler | undefined) {}

  onError(error: unknown): void {
    report(this.handler, error, { phase: 'stream' })
  }
}

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
 * at construction, open the file only on the first read. Read failures go to `onError` (the
 * response's), or for the Node writer to the handler it passes (the response's, else the
 * adapter's), else `console.error`: once either way. @internal
 */
export function chunkStream(
  make: () => AsyncIterable<Uint8Array>,
  onError: ErrorHandler | undefined
): StreamBody {
  return streamBody(
    () => iterableStream(make, new FileOptions(onError), 0),
    (handler?: ErrorHandler) => iterateSource(make, new FileOptions(handler ?? onError))
  )
}

/** The rendered body for `plan`, read from `file`; read failures go to `onError`. @internal */
export function renderPlan(
  plan: BodyPlan,
  file: FileBody,
  onError: ErrorHandler | undefined
): RenderedBody {
  if (plan.type === 'none') return null
  if (plan.type === 'range') {
    const { start, end } = plan
    if (file.bytes !== undefined) return file.bytes(start, end)
    return chunkStream(() => closing(file.chunks(start, end), file.close), onError)
  }
  const { frame, ranges } = plan
  return chunkStream(
    () =>
      closing(
        multipartChunks(frame, ranges, (s, e) => file.chunks(s, e)),
        file.close
      ),
    onError
  )
}
