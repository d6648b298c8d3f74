/**
 * Express body parsers (`express.json()`, `express.urlencoded()`, `express.text()`,
 * `express.raw()`) consume the request stream and leave the result in `req.body`; rereading
 * the stream would hang (CopilotKit#6840, orpc#1001). This turns the parsed value back into a
 * body for the `Request`, as whatwg-node does.
 *
 * @internal
 * @module
 */
import type { BodyOverride } from './request'
import type { NodeRequest } from './types'

type ParsedRequest = NodeRequest & { body?: unknown; _body?: boolean }

/** URL-encodes a parsed form; nested values (`extended: true`) are sent as their JSON text. */
function formOf(value: object): URLSearchParams {
  const form = new URLSearchParams()
  for (const [name, field] of Object.entries(value)) {
    for (const item of Array.isArray(field) ? field : [field]) {
      form.append(name, typeof item === 'string' ? item : JSON.stringify(item))
    }
  }
  return form
}

/** The body to use instead of the stream, or undefined when no parser has consumed it. @internal */
export function parsedBody(req: NodeRequest): BodyOverride | undefined {
  const parsed = req as ParsedRequest
  // body-parser 1 (Express 4) marks `_body`; body-parser 2 (Express 5) leaves the stream ended.
  if (parsed.body === undefined || !(parsed._body === true || req.readableEnded)) return undefined
  const body = parsed.body
  if (typeof body === 'string' || body instanceof Uint8Array) return { body: body as BodyInit }
  if (body === null || typeof body !== 'object') return { body: JSON.stringify(body) }
  const type = String(req.headers['content-type'] ?? '')
  if (/^application\/x-www-form-urlencoded/i.test(type)) return { body: formOf(body) }
  return { body: JSON.stringify(body) }
}
