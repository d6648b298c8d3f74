/**
 * UTF-8 helpers that run on every runtime (no `node:` import; Node's `Buffer` is used only
 * when the global exists, because it measures a string without copying it).
 *
 * @internal
 * @module
 */

const encoder = /* @__PURE__ */ new TextEncoder()

interface ByteLengthOwner {
  byteLength(value: string, encoding: 'utf8'): number
}
const nodeBuffer = (globalThis as { Buffer?: ByteLengthOwner }).Buffer

/**
 * UTF-8 byte length of `value` (a lone surrogate counts as U+FFFD, 3 bytes), measured without
 * encoding on Node. Elsewhere it encodes: a hand-written counting loop cost ~100 B of the
 * 4 KB root budget, and edge runtimes run in eager mode, where the body is encoded anyway.
 * @internal
 */
export function utf8Length(value: string): number {
  if (nodeBuffer !== undefined) return nodeBuffer.byteLength(value, 'utf8')
  return encoder.encode(value).byteLength
}

/** Encodes `value` as UTF-8 bytes. @internal */
export function utf8Encode(value: string): Uint8Array {
  return encoder.encode(value)
}

/** Turns an `ArrayBuffer` or any view into a `Uint8Array` over the same memory. @internal */
export function toUint8Array(value: ArrayBuffer | ArrayBufferView): Uint8Array {
  if (value instanceof Uint8Array) return value
  if (ArrayBuffer.isView(value))
    return new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
  return new Uint8Array(value)
}

/** True for `ArrayBuffer` and every typed-array or DataView. @internal */
export function isBinary(value: unknown): value is ArrayBuffer | ArrayBufferView {
  return value instanceof ArrayBuffer || ArrayBuffer.isView(value)
}

/**
 * True for a `Blob` (or `File`, or Bun's file `Blob`) from any realm: duck-typed, as a `Blob`
 * from another copy of the platform (a vm context, a polyfill) fails `instanceof`. @internal
 */
export function isBlob(value: unknown): value is Blob {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Blob).slice === 'function' &&
    typeof (value as Blob).stream === 'function' &&
    typeof (value as Blob).size === 'number'
  )
}
