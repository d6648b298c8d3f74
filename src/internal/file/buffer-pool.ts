/**
 * Read buffers a file body reuses once the Node writer is done with them: a 1 GiB download
 * then touches a few buffers instead of allocating one per chunk, whose memory lies outside the
 * JavaScript heap and is freed only when V8's external-memory trigger runs a collection (peak
 * RSS grew with the file size). Only the writer gives buffers back, and only after their write
 * completed; a `ReadableStream` consumer may keep every chunk, so for it every read is fresh.
 *
 * @internal
 * @module
 */

/** The buffers given back and not yet taken again, at most this many. */
const KEEP = 4

/** A per-body pool of read buffers. @internal */
export class BufferPool {
  private readonly free: ArrayBuffer[] = []
  private readonly ours = new WeakSet<ArrayBuffer>()

  /** A buffer of `size` bytes: a given-back one when one is large enough, else a new one. */
  take(size: number): Buffer {
    for (let i = 0; i < this.free.length; i++) {
      const memory = this.free[i]!
      if (memory.byteLength >= size) {
        this.free.splice(i, 1)
        return Buffer.from(memory, 0, size)
      }
    }
    // allocUnsafeSlow: its own memory, never a slice of Node's shared pool.
    const buffer = Buffer.allocUnsafeSlow(size)
    this.ours.add(buffer.buffer as ArrayBuffer)
    return buffer
  }

  /** The writer is done with `chunk`: its memory may be read into again. */
  give(chunk: Uint8Array): void {
    const memory = chunk.buffer as ArrayBuffer
    if (!this.ours.has(memory) || this.free.length >= KEEP || this.free.includes(memory)) return
    this.free.push(memory)
  }
}
