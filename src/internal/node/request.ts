/**
 * A lazy `Request` for a Node request: `url`, `method`, `headers` and `signal` are answered
 * from the Node request and built only when read; the real `Request` (with a pull-based body
 * stream over the socket) is made only when the handler touches the body or another field.
 * `instanceof Request` holds. The `signal` aborts when the response closes before it ended
 * (`res` 'close', not `req`'s: `req` closes once its body is consumed, dust-tt/dust#24357).
 *
 * @internal
 * @module
 */
import type { Readable } from 'node:stream'
import { closedWith, disconnectError } from './pump'
import type { NodeRequest, NodeResponse } from './types'

/** Where the body comes from when a middleware has already consumed the stream. @internal */
export type BodyOverride = { body: BodyInit | null }

/** Per-request fields behind the lazy getters. @internal */
export interface LazyFields {
  readonly req: NodeRequest
  readonly res: NodeResponse
  readonly path: string
  readonly override: BodyOverride | undefined
  url: string | undefined
  headers: Headers | undefined
  signal: AbortSignal | undefined
  real: Request | undefined
  /** Set once the body stream exists: stops it reading so the rest can be drained. */
  release: (() => void) | undefined
}

const FIELDS = Symbol('response-kit.node-request')
type Lazy = Request & { [FIELDS]: LazyFields }

function fieldsOf(request: Request): LazyFields {
  return (request as Lazy)[FIELDS]
}

function urlOf(f: LazyFields): string {
  if (f.url !== undefined) return f.url
  const { req, path } = f
  if (/^https?:\/\//i.test(path)) return (f.url = path)
  const encrypted = (req.socket as { encrypted?: boolean } | null)?.encrypted === true
  const host = req.headers[':authority'] ?? req.headers.host ?? 'localhost'
  try {
    f.url = new URL(path, `${encrypted ? 'https' : 'http'}://${String(host)}`).href
  } catch {
    // A Host header that is not a valid authority must not turn into a 500.
    f.url = new URL(path, 'http://localhost').href
  }
  return f.url
}

function headersOf(f: LazyFields): Headers {
  if (f.headers !== undefined) return f.headers
  const headers = new Headers()
  const raw = f.req.rawHeaders
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!
    // HTTP/2 pseudo-headers (:method, :path …) are not header fields.
    if (name.charCodeAt(0) !== 58) headers.append(name, raw[i + 1]!)
  }
  return (f.headers = headers)
}

function signalOf(f: LazyFields): AbortSignal {
  if (f.signal !== undefined) return f.signal
  const controller = new AbortController()
  const res = f.res
  if (!res.writableEnded) {
    if (res.destroyed) controller.abort(closedWith(res) ?? disconnectError())
    // The writer records why it stopped early (timeout, shutdown, error), so the signal says
    // what onClose said (docs/architecture.md, "Close reasons"); otherwise the client left.
    else {
      res.once('close', () => {
        if (!res.writableEnded) controller.abort(closedWith(res) ?? disconnectError())
      })
    }
  }
  return (f.signal = controller.signal)
}

/** A pull-based stream over the request body: one chunk read per `pull`, so no buffering. */
function bodyStream(f: LazyFields): ReadableStream<Uint8Array> {
  const iterator = (f.req as Readable).iterator({ destroyOnReturn: false })
  let finished = false
  f.release = () => {
    if (!finished) void iterator.return?.().catch(() => {})
    finished = true
  }
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const result = await iterator.next()
      if (result.done) {
        finished = true
        controller.close()
      } else controller.enqueue(result.value as Uint8Array)
    },
    cancel() {
      f.release?.()
    },
  })
}

function realOf(f: LazyFields): Request {
  if (f.real !== undefined) return f.real
  const method = f.req.method ?? 'GET'
  const init: RequestInit & { duplex?: 'half' } = {
    method,
    headers: headersOf(f),
    signal: signalOf(f),
  }
  if (method !== 'GET' && method !== 'HEAD') {
    init.body = f.override !== undefined ? f.override.body : bodyStream(f)
    init.duplex = 'half'
  }
  return (f.real = new Request(urlOf(f), init))
}

const OWN: Record<string, (f: LazyFields) => unknown> = {
  url: urlOf,
  method: (f) => f.req.method ?? 'GET',
  headers: headersOf,
  signal: signalOf,
}

/** A plain class (cheap to construct) whose prototype chain reaches `Request.prototype`. */
class LazyRequest {
  declare readonly [FIELDS]: LazyFields
  constructor(fields: LazyFields) {
    ;(this as { [FIELDS]: LazyFields })[FIELDS] = fields
  }
}

/** Our four getters, and everything else forwarded to the real Request. */
Object.setPrototypeOf(LazyRequest.prototype, Request.prototype)
{
  const descriptors: PropertyDescriptorMap = {}
  for (const key of Reflect.ownKeys(Request.prototype)) {
    if (key === 'constructor' || typeof key === 'symbol') continue
    const own = OWN[key]
    const descriptor = Object.getOwnPropertyDescriptor(Request.prototype, key)!
    if (own !== undefined) {
      descriptors[key] = { get: getter(own), configurable: true }
    } else if (typeof descriptor.value === 'function') {
      descriptors[key] = { value: forward(key), writable: true, configurable: true }
    } else if (descriptor.get !== undefined) {
      descriptors[key] = { get: getter((f) => (realOf(f) as never)[key]), configurable: true }
    }
  }
  Object.defineProperties(LazyRequest.prototype, descriptors)
}

function getter(read: (f: LazyFields) => unknown) {
  return function (this: Request) {
    return read(fieldsOf(this))
  }
}

function forward(key: string) {
  return function (this: Request, ...args: unknown[]) {
    const real = realOf(fieldsOf(this)) as unknown as Record<string, (...a: unknown[]) => unknown>
    return real[key]!(...args)
  }
}

/** Builds the lazy `Request` for `req`; `path` defaults to `req.url`. @internal */
export function lazyRequest(
  req: NodeRequest,
  res: NodeResponse,
  path?: string,
  override?: BodyOverride
): Request {
  const fields: LazyFields = {
    req,
    res,
    path: path ?? req.url ?? '/',
    override,
    url: undefined,
    headers: undefined,
    signal: undefined,
    real: undefined,
    release: undefined,
  }
  return new LazyRequest(fields) as unknown as Request
}

/** The lazy fields of a request made by {@link lazyRequest}, or undefined. @internal */
export function lazyFields(request: Request): LazyFields | undefined {
  return (request as Partial<Lazy>)[FIELDS]
}
