/**
 * The adapters' `defaultResponseClass` option: plain return values (data, text, generators)
 * become responses of the chosen class, by the rules of `defaultResponseClass`. Only the
 * value is converted; errors stay with each adapter (a 500, Express's `next`, Hono's
 * `onError`). Edge-safe: the Hono adapter uses it too.
 *
 * @internal
 * @module
 */
import { toResponse, type ResponseClassLike } from '../../default-response-class'
import type { ErrorHandler } from '../../response'

/** Options that carry the class (every adapter's options do). @internal */
export interface DefaultClassOptions {
  defaultResponseClass?: ResponseClassLike | undefined
  onError?: ErrorHandler | undefined
}

/** Returns the converter for `options`, or undefined when no class was given. @internal */
export function valueConverter(
  options: DefaultClassOptions
): ((value: unknown) => Promise<Response>) | undefined {
  const Class = options.defaultResponseClass
  if (Class === undefined) return undefined
  const init = options.onError ? { onError: options.onError } : {}
  return (value) => toResponse(value, Class, init)
}
