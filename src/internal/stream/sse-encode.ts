/**
 * Server-sent event encoding per the WHATWG HTML spec, §9.2.6 "Interpreting an event stream":
 * a field is `name: value` on one line; lines end with CRLF, LF or CR; `data` may repeat and
 * is joined with LF by the client; a line starting with `:` is a comment; a blank line
 * dispatches the event. Field values that the client would cut short (CR/LF in `event` and
 * `id`, NUL in `id`, which makes the client ignore the id) are rejected, never stripped.
 *
 * @internal
 * @module
 */
import { isBinary, toUint8Array } from '../core/bytes'
import { typeName } from '../core/type-name'
import type { SSEEvent, SSESeparator } from '../../sse'

const LINE_BREAK = /\r\n|\r|\n/

function hasLineBreak(value: string): boolean {
  return value.indexOf('\n') !== -1 || value.indexOf('\r') !== -1
}

/** `prefix + value + sep` for each line of `value` (split on CRLF, CR and LF). */
function lines(prefix: string, value: string, sep: string): string {
  if (!hasLineBreak(value)) return prefix + value + sep
  let out = ''
  for (const line of value.split(LINE_BREAK)) out += prefix + line + sep
  return out
}

/** Throws `TypeError` unless `sep` is LF, CRLF or CR. @internal */
export function checkSeparator(sep: unknown): SSESeparator {
  if (sep === '\n' || sep === '\r\n' || sep === '\r') return sep
  throw new TypeError(`SSE sep must be '\\n', '\\r\\n' or '\\r', got ${JSON.stringify(sep)}`)
}

/** Throws `RangeError`/`TypeError` unless `retry` is a non-negative integer. @internal */
export function checkRetry(retry: unknown): number {
  if (typeof retry !== 'number') throw new TypeError('SSE retry must be a number')
  if (!Number.isInteger(retry) || retry < 0) {
    throw new RangeError(`SSE retry must be a non-negative integer, got ${String(retry)}`)
  }
  return retry
}

function singleLine(field: 'event' | 'id', value: string): string {
  if (hasLineBreak(value)) throw new TypeError(`SSE ${field} must not contain CR or LF`)
  if (field === 'id' && value.includes('\0')) throw new TypeError('SSE id must not contain NUL')
  return value
}

function dataText(data: unknown): string {
  if (typeof data === 'string') return data
  const json = JSON.stringify(data) as string | undefined
  if (json === undefined) throw new TypeError(`SSE data of type ${typeName(data)} is not JSON`)
  return json
}

/** Encodes one event into its lines plus the blank dispatch line; `''` when it has no field. @internal */
export function encodeEvent(event: SSEEvent, sep: SSESeparator = '\n'): string {
  for (const key in event) {
    if (key !== 'data' && key !== 'event' && key !== 'id' && key !== 'retry' && key !== 'comment') {
      throw new TypeError(
        `SSE event has unknown field "${key}"; put the payload under "data" (fields: data, event, id, retry, comment)`
      )
    }
  }
  let out = ''
  if (event.comment !== undefined) {
    if (typeof event.comment !== 'string') throw new TypeError('SSE comment must be a string')
    out += lines(': ', event.comment, sep)
  }
  if (event.event !== undefined) {
    if (typeof event.event !== 'string') throw new TypeError('SSE event must be a string')
    out += `event: ${singleLine('event', event.event)}${sep}`
  }
  if (event.id !== undefined) {
    if (typeof event.id !== 'string' && typeof event.id !== 'number') {
      throw new TypeError('SSE id must be a string or a number')
    }
    out += `id: ${singleLine('id', String(event.id))}${sep}`
  }
  if (event.retry !== undefined) out += `retry: ${checkRetry(event.retry)}${sep}`
  if (event.data !== undefined) {
    // `""` gives one `data: ` line: the client then dispatches an event whose data is empty.
    out += lines('data: ', dataText(event.data), sep)
  }
  return out === '' ? '' : out + sep
}

/**
 * Encodes one item of an SSE source: a string is an event's `data`, bytes pass through
 * verbatim, an object is an {@link SSEEvent}; anything else is a `TypeError`. @internal
 */
export function encodeItem(item: unknown, sep: SSESeparator): string | Uint8Array {
  if (typeof item === 'string') return encodeEvent({ data: item }, sep)
  if (isBinary(item)) return toUint8Array(item)
  if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
    return encodeEvent(item as SSEEvent, sep)
  }
  throw new TypeError(
    `SSEResponse items must be strings, bytes or event objects, got ${typeName(item)}`
  )
}
