/**
 * The one Node writer (DESIGN rule 4). For a response-kit instance whose body nobody has read
 * it sends the raw body kept in the slot: one `writeHead` with a plain header object and one
 * `end(body)`, or the source's own iterator for streams; any other `Response` goes through its
 * `ReadableStream`. `prepare(request)` runs first, and failures before the head become a 500
 * (or the `HTTPException`'s answer).
 *
 * @internal
 * @module
 */
import type { OutgoingHttpHeaders } from 'node:http'
import { report, runTasks, type ErrorHandler } from '../core/report'
import { errorToResponse } from '../core/error-response'
import type { HeaderPair } from '../core/headers'
import { isNullBodyStatus } from '../core/media-type'
import { getState, takeBackground, type ResponseState } from '../core/state'
import { headersFor, reasonFor } from './head'
import { isResponse } from '../core/is-response'
import {
  breakResponse,
  cancelSource,
  disconnectError,
  iteratorSource,
  pump,
  readerSource,
  type PullSource,
} from './pump'
import type { NodeResponse, Sink } from './types'

/** What the writer needs besides the response. @internal */
export interface WriteContext {
  /** The request, for `prepare` and HEAD; without it, HEAD is read from `res.req`. */
  request?: Request | undefined
  /** Where errors go when the response has no `onError` of its own. */
  onError?: ErrorHandler | undefined
}

type Preparable = Response & { prepare?: (request: Request) => Response | Promise<Response> }

const GENERIC_500 = '{"detail":"Internal Server Error"}'

/**
 * Writes `response` (after `prepare`); returns a promise only when something is async. The
 * promise never rejects; a synchronous throw can only come from the synchronous path.
 * @internal
 */
export function write(
  res: NodeResponse,
  response: Response,
  context: WriteContext
): void | Promise<void> {
  const request = context.request
  let prepared: Response | Promise<Response> = response
  const hook = (response as Preparable).prepare
  if (request !== undefined && typeof hook === 'function' && getState(response) !== undefined) {
    try {
      prepared = hook.call(response, request)
    } catch (error) {
      prepared = errorToResponse(error, context.onError)
    }
  }
  if (prepared instanceof Promise) {
    return prepared.then(
      (value) => sendOrBreak(res, value, context),
      (error: unknown) => sendOrBreak(res, errorToResponse(error, context.onError), context)
    )
  }
  return send(res, prepared, context)
}

/** `send` for the asynchronous path: a throw is reported and breaks the response, never rejects. */
function sendOrBreak(
  res: NodeResponse,
  value: unknown,
  context: WriteContext
): void | Promise<void> {
  try {
    return send(res, value, context)
  } catch (error) {
    report(context.onError, error, { phase: 'adapter' })
    breakResponse(res, error)
  }
}

/** Runs the slot's background tasks once the response has been handed to the OS. */
function afterFinish(res: NodeResponse, state: ResponseState, onError: ErrorHandler | undefined) {
  if (state.background.length === 0) return
  res.once('finish', () => void runTasks(takeBackground(state), onError))
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

/** Writes the head; on a throw (a header Node rejects) answers a bare 500 instead. */
function writeHead(res: NodeResponse, response: Response, state: ResponseState | undefined) {
  const http2 = 'stream' in res
  const reason = http2 ? undefined : reasonFor(response.statusText)
  // HTTP/1 with nothing set through `setHeader`: Node's `writeHead` takes the slot's
  // [name, value] pairs as they are (each pair its own line, so set-cookie stays separate, and
  // each validated by Node), which skips building a header object: about 0.15 µs per response.
  const pairs = state?.pairs
  let headers: OutgoingHttpHeaders | HeaderPair[]
  if (!http2 && pairs != null && pairs.length > 0 && noHeadersSet(res)) headers = pairs
  else headers = headersFor(response, state, http2)
  const node = res as import('node:http').ServerResponse
  if (reason === undefined) node.writeHead(response.status, headers as OutgoingHttpHeaders)
  else node.writeHead(response.status, reason, headers as OutgoingHttpHeaders)
}

/** Answers a generic 500 when the head could not be written; breaks the response otherwise. */
function failHead(res: NodeResponse, error: unknown, onError: ErrorHandler | undefined): void {
  report(onError, error, { phase: 'adapter' })
  if (res.headersSent) return breakResponse(res, error)
  for (const name of res.getHeaderNames()) res.removeHeader(name)
  res.writeHead(500, { 'content-type': 'application/json', 'content-length': GENERIC_500.length })
  res.end(GENERIC_500)
}

function send(res: NodeResponse, response: unknown, context: WriteContext): void | Promise<void> {
  if (!isResponse(response)) {
    const error = new TypeError(`Expected a Response, got ${typeof response}`)
    return send(res, errorToResponse(error, context.onError), context)
  }
  const state = getState(response)
  const onError = state?.onError ?? context.onError
  if (res.headersSent || res.writableEnded || res.destroyed) {
    if (!res.destroyed) report(onError, new Error('Response already sent'), { phase: 'adapter' })
    return discard(response, state)
  }
  const method = context.request?.method ?? (res as { req?: { method?: string } }).req?.method
  const noBody = method === 'HEAD' || isNullBodyStatus(response.status)
  // The slot is ours to read only while no native body exists (lazy mode, body never read).
  const raw =
    state !== undefined && state.inner === null && (state.pairs !== null || state.headers !== null)
      ? state
      : undefined
  let source: PullSource | null = null
  try {
    if (raw !== undefined && raw.stream === null) {
      writeHead(res, response, raw)
      afterFinish(res, raw, onError)
      const sink = res as unknown as Sink
      sink.end(noBody || raw.body === null ? undefined : raw.body)
      return
    }
    source = sourceOf(response, raw, onError)
    writeHead(res, response, raw)
  } catch (error) {
    if (source !== null) cancelSource(source, disconnectError())
    return failHead(res, error, onError)
  }
  if (state !== undefined) afterFinish(res, state, onError)
  if (source === null || noBody) {
    // Node ignores a HEAD body silently, so an endless one would be pumped forever: cancel now.
    if (source !== null) cancelSource(source, disconnectError())
    res.end()
    return
  }
  // Our bodies report their own failures (to the response's onError); only foreign ones here.
  return pump(res, source, state === undefined ? onError : null)
}

/** A native `Response` whose body has been read: what a taken stream body looks like. */
let usedBody: Response | undefined

/**
 * The body as a pull source: the slot's iterator when it has one, else `response.body`. The
 * iterator gets `onError`, for bodies that report their own failures.
 */
function sourceOf(
  response: Response,
  raw: ResponseState | undefined,
  onError: ErrorHandler | undefined
): PullSource | null {
  const iterate = raw?.stream?.iterate
  if (raw !== undefined && typeof iterate === 'function') {
    // From here on the writer owns the source: the instance's body is used, as a native one's
    // is once read (`bodyUsed`, a rejecting `text()`, and a second write answers 500).
    const stream = raw.stream!
    raw.stream = null
    if (usedBody === undefined) void (usedBody = new Response('')).text()
    raw.inner = usedBody
    return iteratorSource(iterate.call(stream, onError))
  }
  if (response.bodyUsed || response.body?.locked) {
    throw new TypeError('The response body has already been read')
  }
  const body = response.body
  return body === null ? null : readerSource(body)
}

/** Releases a body that will never be sent. */
function discard(response: Response, state: ResponseState | undefined): void {
  if (state !== undefined && state.inner === null && state.stream === null) return
  const body = response.body
  if (body !== null && !body.locked) body.cancel(disconnectError()).catch(() => {})
}
