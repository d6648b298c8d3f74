/**
 * The response head for Node: status line and headers as the plain object `writeHead` takes,
 * built from the raw header pairs when nobody has read `response.headers` (no `Headers` walk),
 * with `set-cookie` kept as separate lines and hop-by-hop headers dropped on HTTP/2.
 *
 * @internal
 * @module
 */
import type { OutgoingHttpHeaders } from 'node:http'
import type { HeaderPair } from '../core/headers'
import type { ResponseState } from '../core/state'

/**
 * Connection-specific fields that HTTP/2 forbids (RFC 9113 §8.2.2); Node throws
 * `ERR_HTTP2_INVALID_CONNECTION_HEADERS` on them (hono#4041).
 */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
])

/** Adds one header line, turning a repeated name into a list so each value keeps its own line. */
function add(out: Record<string, string | string[]>, name: string, value: string): void {
  if (name === '__proto__') {
    const previous = Object.getOwnPropertyDescriptor(out, name)?.value as string | string[]
    const next = previous === undefined ? value : [previous, value].flat()
    Object.defineProperty(out, name, { value: next, enumerable: true, writable: true })
    return
  }
  const previous = Object.hasOwn(out, name) ? out[name] : undefined
  if (previous === undefined) out[name] = value
  else if (Array.isArray(previous)) previous.push(value)
  else out[name] = [previous, value]
}

/** Headers from the slot's pairs, or from `Headers` (ours once read, or a foreign response's). @internal */
export function headersFor(
  response: Response,
  state: ResponseState | undefined,
  http2: boolean
): OutgoingHttpHeaders {
  // A plain object keeps V8's fast properties (Node walks it once per response); the one
  // name that would touch the prototype, "__proto__" (a valid RFC 9110 token), is defined.
  const out: Record<string, string | string[]> = {}
  const pairs: readonly HeaderPair[] | null = state?.pairs ?? null
  if (pairs !== null) {
    for (let i = 0; i < pairs.length; i++) {
      const pair = pairs[i]!
      if (!(http2 && HOP_BY_HOP.has(pair[0]))) add(out, pair[0], pair[1])
    }
    return out
  }
  const headers = response.headers
  headers.forEach((value, name) => {
    if (name !== 'set-cookie' && !(http2 && HOP_BY_HOP.has(name))) add(out, name, value)
  })
  // Headers joins repeated set-cookie values with ", ", which breaks cookies: keep them apart.
  const cookies = headers.getSetCookie()
  if (cookies.length > 0) out['set-cookie'] = cookies
  return out
}

/**
 * The reason phrase to send, or undefined for Node's default. A phrase with CR, LF or other
 * control characters would throw in `writeHead` (or split the status line), so it is dropped.
 * @internal
 */
export function reasonFor(statusText: unknown): string | undefined {
  if (typeof statusText !== 'string' || statusText === '') return undefined
  // eslint-disable-next-line no-control-regex
  return /[\0-\x08\x0a-\x1f\x7f]/.test(statusText) ? undefined : statusText
}
