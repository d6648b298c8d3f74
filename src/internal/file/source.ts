/**
 * The edge-safe sources of a `FileResponse` (bytes, `Blob`/`File`, a stream plus its size),
 * each opened as one shape: a size and a way to read any byte range as chunks.
 *
 * @internal
 * @module
 */
import { isBinary, isBlob, toUint8Array } from '../core/bytes'
import { openSource, readSource, type OpenSource } from '../stream/source'

/** What the range and conditional logic needs from any source. @internal */
export interface FileBody {
  /** Size in bytes. */
  readonly size: number
  /** Modification time in milliseconds, when known. */
  readonly mtimeMs: number | undefined
  /** The bytes `[start, end]`, as chunks. Ranges are asked for in ascending order. */
  chunks(start: number, end: number): AsyncIterable<Uint8Array>
  /** In-memory sources only: the bytes `[start, end]` without copying. */
  bytes?(start: number, end: number): Uint8Array
  /**
   * Blob sources, and path sources on Bun: the bytes `[start, end]` as a lazy `Blob`, for a
   * one-range answer the runtime sends its own way.
   */
  blob?(start: number, end: number): Blob
  /** The Blob has a name (a `File`, a `Bun.file`), which Bun may put in `content-disposition`. */
  named?: boolean
  /** Releases the source once the body is done or abandoned. */
  close?(): void
  /** Takes back a chunk the Node writer has finished writing, to read into it again. */
  release?(chunk: Uint8Array): void
}

/** The sources that work on every runtime. @internal */
export type MemorySource =
  Blob | ArrayBuffer | ArrayBufferView | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>

function isStreamLike(
  value: unknown
): value is ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> {
  if (typeof value !== 'object' || value === null) return false
  return (
    typeof (value as ReadableStream).getReader === 'function' ||
    typeof (value as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function'
  )
}

/** True when `value` is a source {@link openMemorySource} accepts. @internal */
export function isMemorySource(value: unknown): value is MemorySource {
  return isBinary(value) || isBlob(value) || isStreamLike(value)
}

/** A stream read once, front to back: ranges must come in ascending order. */
function onceStream(
  source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  size: number,
  mtimeMs: number | undefined
): FileBody {
  let it: OpenSource | null = null
  let pos = 0
  let pending: Uint8Array | null = null
  return {
    size,
    mtimeMs,
    async *chunks(start, end) {
      it ??= openSource(source, 'FileResponse')
      if (start < pos) throw new TypeError('A FileResponse stream source can be sent only once')
      while (pos <= end) {
        let chunk = pending
        pending = null
        if (chunk === null) {
          const r = (await it.next()) as IteratorResult<Uint8Array>
          if (r.done) throw new Error(`FileResponse stream source ended at byte ${pos} of ${size}`)
          chunk = toUint8Array(r.value)
        }
        const from = Math.max(0, start - pos)
        const to = Math.min(chunk.byteLength, end - pos + 1)
        if (from < to) yield chunk.subarray(from, to)
        if (to < chunk.byteLength) {
          pending = chunk.subarray(to)
          pos += to
        } else pos += chunk.byteLength
      }
    },
    // Also when nothing was read (a 304, 412, 416 or HEAD): let the source go (an R2 body, a socket).
    close: () => {
      try {
        it ??= openSource(source, 'FileResponse')
        void Promise.resolve(it.close(new Error('FileResponse closed'))).catch(() => {})
      } catch {
        // Already locked by another reader: nothing of ours to release.
      }
    },
  }
}

/**
 * Opens an edge-safe source. `size` is required for streams (`init.size`) and ignored for
 * bytes and blobs, whose size is known. Throws `TypeError` for anything else. @internal
 */
export function openMemorySource(
  source: MemorySource,
  size: number | undefined,
  mtimeMs: number | undefined
): FileBody {
  if (isBinary(source)) {
    const bytes = toUint8Array(source)
    return {
      size: bytes.byteLength,
      mtimeMs,
      bytes: (start, end) => bytes.subarray(start, end + 1),
      async *chunks(start, end) {
        yield bytes.subarray(start, end + 1)
      },
    }
  }
  if (isBlob(source)) {
    return {
      size: source.size,
      mtimeMs,
      blob: (start, end) => source.slice(start, end + 1),
      named: typeof (source as Partial<File>).name === 'string',
      chunks: (start, end) =>
        readSource<Uint8Array>(source.slice(start, end + 1).stream(), 'FileResponse'),
    }
  }
  if (size === undefined || !Number.isSafeInteger(size) || size < 0) {
    throw new TypeError('init.size must be a non-negative integer for a stream source')
  }
  return onceStream(source, size, mtimeMs)
}
