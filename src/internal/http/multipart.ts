/**
 * `multipart/byteranges` framing (RFC 9110 §14.6, RFC 2046 §5.1.1): CRLF line ends, one
 * `content-type` and `content-range` per part, and an exact total length computed before the
 * first byte is sent.
 *
 * @internal
 * @module
 */
import { utf8Encode } from '../core/bytes'
import type { ByteRange } from './range'

/** 26 lowercase hex characters from 13 random bytes (Starlette's boundary shape). @internal */
export function makeBoundary(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(13))
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

/** The part headers and the closing delimiter, as bytes, for `ranges` of a `size`-byte file. @internal */
export interface MultipartFrame {
  /** The bytes sent before each part's data (the first has no leading CRLF). */
  readonly heads: readonly Uint8Array[]
  /** The closing delimiter, sent after the last part's data. */
  readonly tail: Uint8Array
  /** The exact body length: heads + data + tail. */
  readonly length: number
}

/** Builds the framing; `contentType` null leaves `content-type` out of the parts. @internal */
export function multipartFrame(
  ranges: readonly ByteRange[],
  size: number,
  boundary: string,
  contentType: string | null
): MultipartFrame {
  let length = 0
  const heads = ranges.map(([start, end], i) => {
    const type = contentType === null ? '' : `content-type: ${contentType}\r\n`
    // The CRLF before a delimiter belongs to the delimiter (RFC 2046 §5.1.1).
    const head = `${i === 0 ? '' : '\r\n'}--${boundary}\r\n${type}content-range: bytes ${start}-${end}/${size}\r\n\r\n`
    const bytes = utf8Encode(head)
    length += bytes.byteLength + (end - start + 1)
    return bytes
  })
  const tail = utf8Encode(`\r\n--${boundary}--\r\n`)
  return { heads, tail, length: length + tail.byteLength }
}

/** Yields the whole multipart body, reading each range with `read`. @internal */
export async function* multipartChunks(
  frame: MultipartFrame,
  ranges: readonly ByteRange[],
  read: (start: number, end: number) => AsyncIterable<Uint8Array>
): AsyncGenerator<Uint8Array, void, undefined> {
  for (let i = 0; i < ranges.length; i++) {
    yield frame.heads[i]!
    const [start, end] = ranges[i]!
    yield* read(start, end)
  }
  yield frame.tail
}
