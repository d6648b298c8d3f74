/**
 * Names a value's type for error messages, so every `TypeError` the library throws about a
 * wrong value says the same thing: `number`, `null`, `Object`, `Map`.
 *
 * @internal
 * @module
 */

/** `typeof` for primitives and `null`, the constructor's name for objects. @internal */
export function typeName(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value !== 'object') return typeof value
  return (value as object).constructor?.name ?? 'Object'
}
