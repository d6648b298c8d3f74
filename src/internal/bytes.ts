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

/** UTF-8 byte length of `value`, without encoding it where the runtime can measure it. @internal */
export function utf8Length(value: string): number {
  if (nodeBuffer !== undefined) return nodeBuffer.byteLength(value, 'utf8')
  let length = value.length
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if (code < 0x80) continue
    if (code < 0x800) length += 1
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        // A surrogate pair is 2 UTF-16 units and 4 UTF-8 bytes.
        length += 2
        i++
      } else length += 2
    } else length += 2
  }
  return length
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
