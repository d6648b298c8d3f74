/**
 * The compressors behind `compress()`. Node's zlib is found at run time through
 * `process.getBuiltinModule` (Node 20.16+/22.3+, Bun, Deno), never imported, so this module
 * stays loadable on edge runtimes; there `CompressionStream` is used instead.
 *
 * @internal
 * @module
 */
import type { Encoding } from './negotiate'

/** A way to compress: which codings, whether it can flush, and how. @internal */
export interface Engine {
  /** Codings it produces, in server preference order. */
  readonly encodings: readonly Encoding[]
  /** Whether each source chunk can be flushed to the client at once. */
  readonly canFlush: boolean
  /** Compresses a whole body in one go. */
  bytes(data: Uint8Array, encoding: Encoding, level: number | undefined): Promise<Uint8Array>
  /** Compresses a body stream; with `canFlush`, one output chunk per source chunk. */
  stream(
    body: ReadableStream<Uint8Array>,
    encoding: Encoding,
    level: number | undefined
  ): AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>
}

/** The part of a zlib `Transform` used here (no `node:zlib` types on the edge graph). */
interface ZlibStream {
  write(chunk: Uint8Array): boolean
  flush(kind: number, callback: () => void): void
  end(): void
  destroy(): void
  readonly readableLength: number
  on(event: 'data', listener: (chunk: Uint8Array) => void): unknown
  on(event: 'error', listener: (error: unknown) => void): unknown
  once(event: 'end' | 'error', listener: (error?: unknown) => void): unknown
}

type Callback = (error: Error | null, result: Uint8Array) => void
type OneShot = (data: Uint8Array, options: object, callback: Callback) => void

/** The part of `node:zlib` used here. @internal */
export interface ZlibModule {
  constants: Record<string, number>
  createGzip(options: object): ZlibStream
  createDeflate(options: object): ZlibStream
  createBrotliCompress(options: object): ZlibStream
  createZstdCompress?: (options: object) => ZlibStream
  gzip: OneShot
  deflate: OneShot
  brotliCompress: OneShot
  zstdCompress?: OneShot
}

/** Node's zlib where the runtime offers it without an import, else undefined. @internal */
export function findZlib(): ZlibModule | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
  try {
    return proc?.getBuiltinModule?.('node:zlib') as ZlibModule | undefined
  } catch {
    return undefined
  }
}

/** Default brotli quality: 11 (zlib's default) is far too slow for responses made per request. */
const BROTLI_QUALITY = 4

function zlibOptions(zlib: ZlibModule, encoding: Encoding, level: number | undefined): object {
  const c = zlib.constants
  if (encoding === 'br') {
    return {
      params: {
        [c.BROTLI_PARAM_QUALITY!]: level ?? BROTLI_QUALITY,
        [c.BROTLI_PARAM_MODE!]: c.BROTLI_MODE_TEXT!,
      },
    }
  }
  if (encoding === 'zstd') {
    return level === undefined ? {} : { params: { [c.ZSTD_c_compressionLevel!]: level } }
  }
  return level === undefined ? {} : { level }
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!
  let size = 0
  for (const chunk of chunks) size += chunk.byteLength
  const out = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  return out
}

/** A burst of ready chunks is compressed and flushed together up to this many bytes. */
const BATCH_BYTES = 64 * 1024

type Read = ReadableStreamReadResult<Uint8Array>

/** Resolves once the event loop has turned (I/O and timers had their chance). */
function nextTurn(): Promise<null> {
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown })
    .setImmediate
  return new Promise((resolve) => {
    if (typeof immediate === 'function') immediate(() => resolve(null))
    else setTimeout(() => resolve(null), 0)
  })
}

/**
 * Compresses `body` and flushes whenever the source has nothing more ready, so the client can
 * decode every chunk as soon as it arrives. Chunks the source hands over at once (a burst of
 * events from a fast generator) are compressed together with one flush, up to BATCH_BYTES: a
 * flush per small event would cost more than the event itself and add a few bytes to each.
 * Pull-based like the source: after a batch, at most the one read that found nothing ready
 * stays pending until the next call. An iterator object rather than a generator, so that
 * `return()` (a client that left) takes effect at once even while a read is pending: it
 * destroys the zlib handle and cancels the source, whose own cleanup then runs.
 */
class ZlibChunks implements AsyncIterableIterator<Uint8Array> {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>
  readonly #z: ZlibStream
  readonly #flushKind: number
  readonly #out: Uint8Array[] = []
  #pending: Promise<Read> | null = null
  #failure: unknown = null
  #closed = false

  constructor(body: ReadableStream<Uint8Array>, z: ZlibStream, flushKind: number) {
    this.#reader = body.getReader()
    this.#z = z
    this.#flushKind = flushKind
    z.on('data', (chunk) => void this.#out.push(chunk))
    z.on('error', (error) => void (this.#failure ??= error))
  }

  [Symbol.asyncIterator](): this {
    return this
  }

  async next(): Promise<IteratorResult<Uint8Array, undefined>> {
    try {
      while (!this.#closed) {
        const first = await this.#read()
        if (this.#closed) break
        if (first.done) return await this.#finish()
        const ended = await this.#gather(first.value)
        if (this.#closed) break
        if (ended) return await this.#finish()
        await new Promise<void>((resolve) => this.#z.flush(this.#flushKind, resolve))
        await this.#settle()
        if (this.#out.length > 0) return { done: false, value: concat(this.#out.splice(0)) }
      }
    } catch (error) {
      this.#close(true)
      throw error
    }
    return { done: true, value: undefined }
  }

  /** The read left pending by the last batch, or a new one. */
  #read(): Promise<Read> {
    const read = this.#pending ?? this.#reader.read()
    this.#pending = null
    return read
  }

  /**
   * Writes `first` and every chunk the source has ready before the event loop turns, up to
   * BATCH_BYTES; a read still waiting then is kept for the next call. True when the source
   * ended.
   */
  async #gather(first: Uint8Array): Promise<boolean> {
    // One write for the batch: each zlib write is a trip to the thread pool.
    const batch = [first]
    let size = first.byteLength
    let ended = false
    const turn = nextTurn()
    while (size < BATCH_BYTES && !this.#closed) {
      const read = this.#reader.read()
      const ready = await Promise.race([read, turn])
      if (ready === null) {
        // Awaited by the next call; until then a failure must not count as unhandled.
        read.catch(() => {})
        this.#pending = read
        break
      }
      if (ready.done) {
        ended = true
        break
      }
      batch.push(ready.value)
      size += ready.value.byteLength
    }
    if (size > 0) this.#z.write(concat(batch))
    return ended
  }

  async return(): Promise<IteratorResult<Uint8Array, undefined>> {
    this.#close(true)
    return { done: true, value: undefined }
  }

  /** Ends the compressor and returns its last bytes; the source is done. */
  async #finish(): Promise<IteratorResult<Uint8Array, undefined>> {
    await new Promise<void>((resolve) => {
      this.#z.once('end', () => resolve())
      this.#z.once('error', () => resolve())
      this.#z.end()
    })
    await this.#settle()
    this.#close(false)
    if (this.#out.length === 0) return { done: true, value: undefined }
    return { done: false, value: concat(this.#out.splice(0)) }
  }

  /**
   * In flowing mode zlib emits its output before the write callback runs; should anything
   * still sit in the readable buffer, let it flow before taking the output.
   */
  async #settle(): Promise<void> {
    while (this.#z.readableLength > 0 && this.#failure === null) {
      await new Promise((resolve) => setTimeout(resolve, 0))
    }
    if (this.#failure !== null) throw this.#failure
  }

  #close(cancelSource: boolean): void {
    if (this.#closed) return
    this.#closed = true
    this.#z.destroy()
    if (cancelSource) this.#reader.cancel().catch(() => {})
  }
}

/** The zlib engine: every coding the module has, flushing per chunk. @internal */
export function zlibEngine(zlib: ZlibModule): Engine {
  const c = zlib.constants
  const encodings: Encoding[] = ['br', 'gzip', 'deflate']
  if (typeof zlib.createZstdCompress === 'function') encodings.splice(1, 0, 'zstd')
  const create = (encoding: Encoding, level: number | undefined): ZlibStream => {
    const options = zlibOptions(zlib, encoding, level)
    if (encoding === 'br') return zlib.createBrotliCompress(options)
    if (encoding === 'zstd') return zlib.createZstdCompress!(options)
    return encoding === 'gzip' ? zlib.createGzip(options) : zlib.createDeflate(options)
  }
  const flushKind = (encoding: Encoding): number => {
    if (encoding === 'br') return c.BROTLI_OPERATION_FLUSH!
    if (encoding === 'zstd') return c.ZSTD_e_flush!
    return c.Z_SYNC_FLUSH!
  }
  const oneShot = (encoding: Encoding): OneShot => {
    if (encoding === 'br') return zlib.brotliCompress
    if (encoding === 'zstd') return zlib.zstdCompress!
    return encoding === 'gzip' ? zlib.gzip : zlib.deflate
  }
  return {
    encodings,
    canFlush: true,
    bytes: (data, encoding, level) =>
      new Promise((resolve, reject) => {
        oneShot(encoding)(data, zlibOptions(zlib, encoding, level), (error, result) => {
          if (error) reject(error)
          else resolve(result)
        })
      }),
    stream: (body, encoding, level) =>
      new ZlibChunks(body, create(encoding, level), flushKind(encoding)),
  }
}

/**
 * The `CompressionStream` engine: gzip and deflate, which every runtime with the API has.
 * It cannot flush, so output leaves in blocks. @internal
 */
export function webEngine(): Engine {
  const stream = (body: ReadableStream<Uint8Array>, encoding: Encoding) =>
    body.pipeThrough(
      new CompressionStream(encoding as CompressionFormat) as unknown as ReadableWritablePair<
        Uint8Array,
        Uint8Array
      >
    )
  return {
    encodings: ['gzip', 'deflate'],
    canFlush: false,
    bytes: async (data, encoding) => {
      const blob = new Blob([data as Uint8Array<ArrayBuffer>])
      return new Uint8Array(await new Response(stream(blob.stream(), encoding)).arrayBuffer())
    },
    stream,
  }
}

let cached: Engine | undefined

/**
 * The engine for this runtime: zlib where reachable, else `CompressionStream`, else none.
 * @internal
 */
export function defaultEngine(): Engine {
  if (cached !== undefined) return cached
  const zlib = findZlib()
  if (zlib !== undefined) cached = zlibEngine(zlib)
  else if (typeof CompressionStream === 'function') cached = webEngine()
  // Neither (edge-runtime's emulator): nothing to offer, so every response goes out as is.
  else cached = { ...webEngine(), encodings: [] }
  return cached
}
