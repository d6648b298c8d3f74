/**
 * Content-Type rules, in one place (Starlette's): `; charset=…` is appended to `text/*` media
 * types that carry none; other types are sent as they are.
 *
 * @internal
 * @module
 */
import { assertSafeValue } from './headers'

/** content-type values already built for UTF-8, by media type: most responses use a few. */
const utf8Types = new Map<string, string>()

/** Builds the content-type value for `mediaType` and `charset`. @internal */
export function contentTypeFor(mediaType: string, charset: string): string {
  let type = charset === 'utf-8' ? utf8Types.get(mediaType) : undefined
  if (type !== undefined) return type
  if (typeof mediaType !== 'string') throw new TypeError('mediaType must be a string or null')
  assertSafeValue('mediaType', mediaType)
  assertSafeValue('charset', charset)
  type =
    mediaType.startsWith('text/') && !/charset=/i.test(mediaType)
      ? `${mediaType}; charset=${charset}`
      : mediaType
  if (charset === 'utf-8' && utf8Types.size < 64) utf8Types.set(mediaType, type)
  return type
}

/** True for statuses whose response must not carry a body or content-length (RFC 9110 §6.4.1, §15.3.5, §15.4.5). @internal */
export function isNullBodyStatus(status: number): boolean {
  return status < 200 || status === 204 || status === 304
}
