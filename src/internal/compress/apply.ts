/**
 * The body of `compress()`, with the engine as a parameter so tests can run the
 * `CompressionStream` path on Node.
 *
 * @internal
 * @module
 */
import { BaseResponse } from '../../response'
import { StreamingResponse, type StreamingResponseInit } from '../../streaming'
import type { BackgroundTask } from '../../response'
import { isBlob, utf8Length } from '../core/bytes'
import { getState, takeBackground } from '../core/state'
import type { Engine } from './engine'
import { negotiateEncoding, type Encoding } from './negotiate'
import { hasNoTransform, mediaTypeOf, mergeVary, weakETag } from './rules'

/** Validated options. @internal */
export interface Settings {
  threshold: number
  encodings: readonly Encoding[]
  levels: Partial<Record<Encoding, number>>
  filter: (contentType: string) => boolean
}

type Preparable = Response & { prepare?: (request: Request) => Response | Promise<Response> }

const SKIP_STATUS = new Set([204, 206, 304])
const DROPPED = new Set(['content-length', 'accept-ranges', 'content-encoding', 'set-cookie'])

/** Whether the response would be compressed for some client (so it varies by encoding). */
function candidate(response: Response, engine: Engine, settings: Settings): boolean {
  const { status, headers } = response
  if (SKIP_STATUS.has(status) || status < 200 || !hasBody(response)) return false
  const encoding = headers.get('content-encoding')
  if (encoding !== null && encoding.trim().toLowerCase() !== 'identity') return false
  if (hasNoTransform(headers.get('cache-control'))) return false
  const type = headers.get('content-type')
  if (type === null || !settings.filter(type)) return false
  // CompressionStream cannot flush: an event stream would sit in its buffer (see the guide).
  if (!engine.canFlush && mediaTypeOf(type) === 'text/event-stream') return false
  const length = knownLength(response)
  return length === undefined || length >= settings.threshold
}

/** Answers from the raw-body slot when it can, so a fixed body is not turned into a stream. */
function hasBody(response: Response): boolean {
  const state = getState(response)
  return state?.body != null || state?.stream != null || response.body !== null
}

function knownLength(response: Response): number | undefined {
  const body = getState(response)?.body
  if (typeof body === 'string') return utf8Length(body)
  if (isBlob(body)) return body.size
  if (body != null) return body.byteLength
  return declaredLength(response)
}

/** The `content-length` header as a number, read as Node reads it (`+value`). */
function declaredLength(response: Response): number | undefined {
  const header = response.headers.get('content-length')
  const length = header === null ? NaN : Number(header)
  return Number.isFinite(length) ? length : undefined
}

/** Adds `Vary: Accept-Encoding`, copying the response when its headers are immutable. */
function withVary(response: Response): Response {
  const vary = mergeVary(response.headers.get('vary'))
  try {
    response.headers.set('vary', vary)
    return response
  } catch {
    const copy = new Response(response.body, response)
    copy.headers.set('vary', vary)
    return copy
  }
}

/** `compress()` with an explicit engine. @internal */
export async function applyCompression(
  response: Response,
  request: Request,
  engine: Engine,
  settings: Settings
): Promise<Response> {
  const hook = (response as Preparable).prepare
  if (getState(response) !== undefined && typeof hook === 'function') {
    response = await hook.call(response, request)
  }
  if (response.bodyUsed || !candidate(response, engine, settings)) return response
  response = withVary(response)
  if (request.method === 'HEAD') return response
  const offered = settings.encodings.filter((encoding) => engine.encodings.includes(encoding))
  const encoding = negotiateEncoding(request.headers.get('accept-encoding'), offered)
  if (encoding === null || encoding === 'identity') return response
  return encode(response, encoding, engine, settings)
}

async function encode(
  response: Response,
  encoding: Encoding,
  engine: Engine,
  settings: Settings
): Promise<Response> {
  const headers: [string, string][] = []
  response.headers.forEach((value, name) => {
    // Ranges would address the compressed bytes, which are not stable across requests.
    if (DROPPED.has(name)) return
    headers.push([name, name === 'etag' ? weakETag(value) : value])
  })
  for (const cookie of response.headers.getSetCookie()) headers.push(['set-cookie', cookie])
  headers.push(['content-encoding', encoding])
  const state = getState(response)
  const init: StreamingResponseInit = { status: response.status, headers, mediaType: null }
  if (response.statusText !== '') init.statusText = response.statusText
  const background: BackgroundTask[] = state === undefined ? [] : takeBackground(state)
  if (background.length > 0) init.background = background
  if (state?.onError !== undefined) init.onError = state.onError
  const level = settings.levels[encoding]
  const fixed = state?.body
  // A Blob is compressed as a stream (below): reading it whole first would hold a file in memory.
  if (fixed != null && !isBlob(fixed)) {
    const bytes = typeof fixed === 'string' ? new TextEncoder().encode(fixed) : fixed
    return markEncoded(new BaseResponse(await engine.bytes(bytes, encoding, level), init))
  }
  // The compressed body fails with the source's error and reports it, with the adapter's
  // handler when the response has none; the source's body must not report it a second time.
  state?.stream?.passErrorsOn()
  const declared = declaredLength(response)
  const source =
    declared === undefined ? response.body! : response.body!.pipeThrough(checked(declared))
  return markEncoded(new StreamingResponse(engine.stream(source, encoding, level), init))
}

/**
 * Fails a body that does not match the `content-length` the compressed response drops: a short
 * or long body must break the response, as it would uncompressed, not go out as a complete
 * compressed one.
 */
function checked(declared: number): TransformStream<Uint8Array, Uint8Array> {
  let seen = 0
  return new TransformStream({
    transform(chunk, controller) {
      seen += chunk.byteLength
      if (seen > declared) {
        throw new TypeError(`Response body is longer than its content-length (${declared})`)
      }
      controller.enqueue(chunk)
    },
    flush() {
      if (seen !== declared) {
        throw new TypeError(
          `Response body is ${seen} bytes, shorter than its content-length (${declared})`
        )
      }
    },
  })
}

/**
 * workerd encodes a body itself when the response names a `content-encoding` it knows (gzip,
 * br), so bytes compressed here would go out compressed twice; Cloudflare's
 * `encodeBody: 'manual'` init option says the body already is encoded. Only a native
 * `Response` takes that option: the compressed one is re-wrapped, its body stream (which runs
 * the background tasks when it ends) passed on as it is.
 */
function markEncoded(response: Response): Response {
  const agent = (globalThis as { navigator?: { userAgent?: unknown } }).navigator?.userAgent
  if (agent !== 'Cloudflare-Workers') return response
  const init: ResponseInit & { encodeBody: 'manual' } = {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
    encodeBody: 'manual',
  }
  return new Response(response.body, init)
}
