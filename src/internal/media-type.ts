/**
 * Content-Type rules, in one place (Starlette's): `; charset=…` is appended to `text/*` media
 * types that carry none; other types are sent as they are.
 *
 * @internal
 * @module
 */
import { assertSafeValue } from './headers'

/** Builds the content-type value for `mediaType` and `charset`. @internal */
export function contentTypeFor(mediaType: string, charset: string): string {
  if (typeof mediaType !== 'string') throw new TypeError('mediaType must be a string or null')
  assertSafeValue('mediaType', mediaType)
  assertSafeValue('charset', charset)
  if (mediaType.startsWith('text/') && !/charset=/i.test(mediaType)) {
    return `${mediaType}; charset=${charset}`
  }
  return mediaType
}

/** True for statuses whose response must not carry a body or content-length (RFC 9110 §6.4.1, §15.3.5, §15.4.5). @internal */
export function isNullBodyStatus(status: number): boolean {
  return status < 200 || status === 204 || status === 304
}
