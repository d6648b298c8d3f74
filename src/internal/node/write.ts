/**
 * The writer: the one place a `Response` becomes a Node response (docs/architecture.md, "The
 * data path"). It prepares the response (when it has the request), writes the head, and sends
 * the body: a fixed body of a response-kit instance whose body nobody has read goes out as it
 * was rendered, with one `writeHead` and one `end`; every other body, ours or foreign, is a
 * `Body` handed to the pump. A failure before the head becomes a 500 (or the `HTTPException`'s
 * answer); after it, the response is broken, never ended cleanly.
 *
 * Express reuses this writer; the Hono adapter shares the prepare step.
 *
 * @internal
 * @module
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http'
import { errorToResponse } from '../core/error-response'
import type { HeaderPair } from '../core/headers'
import { isResponse, isThenable } from '../core/is-response'
import { isNullBodyStatus } from '../core/media-type'
import { prepareResponse } from '../core/prepare'
import { report, runTasks } from '../core/report'
import type { ErrorHandler } from '../../response'
import { getState, takeBackground, type ResponseState } from '../core/state'
import { isBlob, utf8Encode } from '../core/bytes'
import { isHopByHop } from '../http/hop-by-hop'
import { Body } from '../stream/body'
import { breakResponse, disconnectError, Pump, type PumpLimits } from './pump'
import { Trace, tracing } from './diagnostics'
import type { NodeResponse } from './types'

/** What the writer needs besides the response. @internal */
export interface WriteContext {
  /** The request: `prepare` runs against it, and HEAD is read from it (else from `res.req`). */
  request?: Request | undefined
  /** Where errors go when the response has no `onError` of its own. */
  onError?: ErrorHandler | undefined
  /** Called once the body has been sent, the client left, or the response was broken. */
  done?: (() => void) | undefined
  /** The adapter's slow-client limits (byte high-water mark, stall timeout). */
  limits?: PumpLimits | undefined
  /** This response's trace, when anyone listens on the diagnostics channels. */
  trace?: Trace | undefined
}

const GENERIC_500 = '{"detail":"Internal Server Error"}'

/**
 * Writes `response`, after `prepare` when the context has the request. Synchronous for a fixed
 * body that needs no preparing; never rejects, and throws only on the synchronous path (the
 * caller reports and breaks the response). @internal
 */
export function write(res: NodeResponse, response: Response, context: WriteContext): void {
  const request = context.request
  // Checked once per response: with nobody listening no trace exists.
  if (tracing()) context.trace = new Trace(res, response, request)
  let prepared: Response | Promise<Response> = response
  if (request !== undefined) {
    // Priming may end a failed stream with its last chunk (SSE's errorEvent) and report the
    // failure then, before the body is taken: it must go to the adapter's handler too.
    if (context.onError !== undefined) getState(response)?.stream?.reportTo(context.onError)
    try {
      prepared = prepareResponse(response, request)
    } catch (error) {
      prepared = errorToResponse(error, getState(response)?.onError ?? context.onError)
    }
  }
  if (!isThenable(prepared)) return send(res, prepared, context)
  void prepared
    .then(undefined, (error: unknown) =>
      errorToResponse(error, getState(response)?.onError ?? context.onError)
    )
    .then((ready) => {
      try {
        send(res, ready, context)
      } catch (error) {
        report(context.onError, error, { phase: 'adapter' })
        breakResponse(res, error)
        context.done?.()
      }
    })
}

function send(res: NodeResponse, response: unknown, context: WriteContext): void {
  if (!isResponse(response)) {
    const error = new TypeError(`Expected a Response, got ${typeof response}`)
    return send(res, errorToResponse(error, context.onError), context)
  }
  const state = getState(response)
  const onError = state?.onError ?? context.onError
  if (res.headersSent || res.writableEnded || res.destroyed) {
    if (!res.destroyed) report(onError, new Error('Response already sent'), { phase: 'adapter' })
    discard(response, state)
    return context.done?.()
  }
  const method = context.request?.method ?? (res as { req?: { method?: string } }).req?.method
  const noBody = method === 'HEAD' || isNullBodyStatus(response.status)
  // The slot is ours to read only while no native body exists (lazy mode, body never read).
  const raw =
    state !== undefined && state.inner === null && (state.pairs !== null || state.headers !== null)
      ? state
      : undefined
  let body: Body | null = null
  try {
    const trace = context.trace
    // A Blob body is pumped as a stream (below), unless there is no body to send.
    if (raw !== undefined && raw.stream === null && (noBody || !isBlob(raw.body))) {
      writeHead(res, response, raw)
      afterFinish(res, raw, onError)
      if (noBody || raw.body === null) res.end()
      else if (trace === undefined) res.end(fixedBody(raw))
      else {
        trace.head(response.status)
        const fixed = fixedBody(raw)
        res.end(fixed)
        trace.chunk(fixed)
        trace.finish('end')
        return context.done?.()
      }
      if (trace !== undefined) {
        trace.head(response.status)
        trace.finish('end')
      }
      return context.done?.()
    }
    body = takeBody(response, state, raw, onError)
    writeHead(res, response, raw)
    trace?.head(response.status)
  } catch (error) {
    body?.close('error', error)
    context.trace?.fail(error)
    failHead(res, error, onError)
    context.trace?.head(res.statusCode)
    context.trace?.finish('error')
    return context.done?.()
  }
  if (state !== undefined) afterFinish(res, state, onError)
  if (body === null || noBody) {
    // Node ignores a HEAD body silently, so an endless one would be pumped forever: let it go.
    body?.close('cancel', disconnectError())
    res.end()
    context.trace?.finish('end')
    return context.done?.()
  }
  // A body that does not match its content-length must not go out quietly: a short one would
  // leave the client waiting, a long one would be cut without a word. Node checks every write
  // and the end against the declared length when asked to (no effect without one).
  if ('strictContentLength' in res) res.strictContentLength = true
  new Pump(res, body, context.done, context.limits, context.trace, onError).start()
}

/**
 * The fixed body as Node should get it. A string body is written together with the head in
 * the string's encoding (UTF-8), which would turn a Latin-1 header value into two bytes: with
 * such a header the body goes as bytes, so the head is written as `Headers` defines it, one
 * byte per character.
 */
function fixedBody(state: ResponseState): string | Uint8Array {
  const body = state.body as string | Uint8Array
  if (typeof body !== 'string') return body
  const pairs = state.pairs
  if (pairs === null) return utf8Encode(body)
  for (let i = 0; i < pairs.length; i++) {
    if (NON_ASCII.test(pairs[i]![1])) return utf8Encode(body)
  }
  return body
}

const NON_ASCII = /[^\t\x20-\x7e]/

/** The body to pump: the slot's own (claimed for good), else the `ReadableStream` of any other. */
function takeBody(
  response: Response,
  state: ResponseState | undefined,
  raw: ResponseState | undefined,
  onError: ErrorHandler | undefined
): Body | null {
  if (raw !== undefined && isBlob(raw.body)) {
    // Read through the same pump as any stream: backpressure, a client leaving cancels the
    // Blob's stream, a read failure is reported once and breaks the response.
    const blob = raw.body
    raw.body = null
    raw.inner = usedBody ??= usedResponse()
    const options = { label: 'Blob body', onError: raw.onError }
    return new Body(() => blob.stream(), options).take(onError)
  }
  if (raw !== undefined && raw.stream !== null) {
    const body = raw.stream.take(onError)
    // From here on the instance's body is used, as a native one is once read (`bodyUsed`, a
    // rejecting `text()`, and a second write answers 500).
    raw.inner = usedBody ??= usedResponse()
    return body
  }
  if (response.bodyUsed || response.body?.locked) {
    throw new TypeError('The response body has already been read')
  }
  const stream = response.body
  if (stream === null) return null
  if (state?.stream == null) return new Body(stream, { label: 'Response body' }).take(onError)
  // Ours, read natively (eager mode): our body reports its failures; the wrapper must not again.
  state.stream.reportTo(onError)
  return new Body(stream, { label: 'Response body', onError: ignore }).take()
}

function ignore(): void {}

/** A native `Response` whose body has been read: what a taken stream body looks like. */
let usedBody: Response | undefined

function usedResponse(): Response {
  const response = new Response('')
  void response.text()
  return response
}

/** Releases a body that will never be sent. */
function discard(response: Response, state: ResponseState | undefined): void {
  if (state !== undefined && state.inner === null) {
    if (state.stream !== null && !state.stream.used) state.stream.close('cancel')
    return
  }
  const body = response.body
  if (body !== null && !body.locked) body.cancel(disconnectError()).catch(() => {})
}

/** Runs the slot's background tasks once the response has been handed to the OS. */
function afterFinish(res: NodeResponse, state: ResponseState, onError: ErrorHandler | undefined) {
  if (state.background.length === 0) return
  res.once('finish', () => void runTasks(takeBackground(state), onError))
}

/** Answers a generic 500 when the head could not be written; breaks the response otherwise. */
function failHead(res: NodeResponse, error: unknown, onError: ErrorHandler | undefined): void {
  report(onError, error, { phase: 'adapter' })
  if (res.headersSent) return breakResponse(res, error)
  for (const name of res.getHeaderNames()) res.removeHeader(name)
  res.writeHead(500, { 'content-type': 'application/json', 'content-length': GENERIC_500.length })
  res.end(GENERIC_500)
}

/** The symbol under which `ServerResponse` keeps headers set with `setHeader`, once found. */
let kOutHeaders: symbol | undefined

/** True when nothing was set with `setHeader` on this Node `ServerResponse`. */
function noHeadersSet(res: NodeResponse): boolean {
  if (kOutHeaders === undefined) {
    kOutHeaders = Object.getOwnPropertySymbols(res).find((s) => s.description === 'kOutHeaders')
    if (kOutHeaders === undefined) return false
  }
  return (res as unknown as Record<symbol, unknown>)[kOutHeaders] == null
}

/** Writes the status line and headers. */
function writeHead(res: NodeResponse, response: Response, state: ResponseState | undefined) {
  const http2 = 'stream' in res
  const reason = http2 ? undefined : reasonFor(response.statusText)
  // HTTP/1 with nothing set through `setHeader`: Node's `writeHead` takes the slot's
  // [name, value] pairs as they are (each pair its own line, so set-cookie stays separate, and
  // each validated by Node), which skips building a header object.
  const pairs = state?.pairs
  let headers: OutgoingHttpHeaders | HeaderPair[]
  if (!http2 && pairs != null && pairs.length > 0 && noHeadersSet(res)) headers = pairs
  else headers = headersFor(response, state, http2)
  const node = res as ServerResponse
  if (reason === undefined) node.writeHead(response.status, headers as OutgoingHttpHeaders)
  else node.writeHead(response.status, reason, headers as OutgoingHttpHeaders)
}

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

/**
 * Headers as the plain object `writeHead` takes: from the slot's pairs when nobody has read
 * `response.headers` (no `Headers` walk), else from `Headers`, with `set-cookie` kept as
 * separate lines and hop-by-hop headers dropped on HTTP/2.
 */
function headersFor(
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
      if (!(http2 && isHopByHop(pair[0]))) add(out, pair[0], pair[1])
    }
    return out
  }
  const headers = response.headers
  headers.forEach((value, name) => {
    if (name !== 'set-cookie' && !(http2 && isHopByHop(name))) add(out, name, value)
  })
  // Headers joins repeated set-cookie values with ", ", which breaks cookies: keep them apart.
  const cookies = headers.getSetCookie()
  if (cookies.length > 0) out['set-cookie'] = cookies
  return out
}

/**
 * The reason phrase to send, or undefined for Node's default. A phrase with CR, LF or other
 * control characters would throw in `writeHead` (or split the status line), so it is dropped.
 */
function reasonFor(statusText: unknown): string | undefined {
  if (typeof statusText !== 'string' || statusText === '') return undefined
  // eslint-disable-next-line no-control-regex
  return /[\0-\x08\x0a-\x1f\x7f]/.test(statusText) ? undefined : statusText
}
