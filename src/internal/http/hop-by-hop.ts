/**
 * Connection-specific header fields, which HTTP/2 forbids (RFC 9113 §8.2.2; Node throws
 * `ERR_HTTP2_INVALID_CONNECTION_HEADERS` on them, hono#4041) and which describe one hop, not
 * the response (RFC 9110 §7.6.1). The writer drops them on HTTP/2; `SSEResponse` refuses them.
 *
 * @internal
 * @module
 */

/** The hop-by-hop fields, lower-case. @internal */
export const HOP_BY_HOP: readonly string[] = [
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
]

const SET = new Set(HOP_BY_HOP)

/** True when `name` (lower-case) is a hop-by-hop field. @internal */
export function isHopByHop(name: string): boolean {
  return SET.has(name)
}
