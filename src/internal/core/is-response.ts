/**
 * Recognises a `Response` even when `globalThis.Response` is not the class that made it:
 * @hono/node-server replaces the global by default (node-server#154, #321), and objects can
 * come from another realm or copy of undici. Edge-safe (no `node:` import): the Hono adapter
 * uses it too.
 *
 * @internal
 * @module
 */
import { getState } from './state'

/** True for a native `Response`, a response-kit instance, or anything branded `Response`. @internal */
export function isResponse(value: unknown): value is Response {
  if (value instanceof Response) return true
  if (typeof value !== 'object' || value === null) return false
  if (getState(value) !== undefined) return true
  return Object.prototype.toString.call(value) === '[object Response]'
}

/** True for a promise or any other thenable (a handler may return either). @internal */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  )
}
