/**
 * Reads an upstream body (a fetch `Response`, a byte stream or an async iterable of chunks)
 * as text lines, decoding UTF-8 across chunk boundaries. Leaving early cancels the upstream
 * body, so the provider's connection closes when our client leaves.
 *
 * @internal
 * @module
 */
import { readSource } from '../stream/source'

/** An upstream body: a fetch `Response`, a `ReadableStream` of bytes, or an async iterable of byte or text chunks. */
export type ByteSource = Response | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>

function isResponseLike(value: object): value is Response {
  return 'status' in value && 'body' in value && typeof (value as Response).ok === 'boolean'
}

async function* chunksOf(source: ByteSource): AsyncGenerator<Uint8Array | string> {
  let stream = source as ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>
  if (isResponseLike(source)) {
    if (!source.ok) {
      await source.body?.cancel().catch(() => {})
      throw new Error(`Upstream answered ${source.status} ${source.statusText}`.trim())
    }
    if (source.body === null) return
    stream = source.body
  }
  yield* readSource<Uint8Array | string>(stream, 'upstream')
}

/** Yields each line of `source` without its CR/LF; a last line without a newline is yielded too. @internal */
export async function* linesOf(source: ByteSource): AsyncGenerator<string> {
  if (typeof source !== 'object' || source === null) {
    throw new TypeError('LLM source must be a Response, a ReadableStream or an async iterable')
  }
  const decoder = new TextDecoder()
  let buffered = ''
  for await (const chunk of chunksOf(source)) {
    buffered += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })
    let newline = buffered.indexOf('\n')
    while (newline !== -1) {
      const line = buffered.slice(0, newline)
      buffered = buffered.slice(newline + 1)
      yield line.endsWith('\r') ? line.slice(0, -1) : line
      newline = buffered.indexOf('\n')
    }
  }
  buffered += decoder.decode()
  if (buffered !== '') yield buffered
}

/** Yields the `data` of each server-sent event in `source` (a minimal WHATWG parser). @internal */
export async function* sseDataOf(source: ByteSource): AsyncGenerator<string> {
  let data: string[] = []
  for await (const line of linesOf(source)) {
    if (line === '') {
      if (data.length > 0) yield data.join('\n')
      data = []
    } else if (line.startsWith('data:')) {
      data.push(line.slice(line.startsWith('data: ') ? 6 : 5))
    }
    // Comments, `event:`, `id:` and `retry:` carry nothing the bridges need.
  }
  if (data.length > 0) yield data.join('\n')
}
