/**
 * Decides what a `FileResponse` answers to one request, by RFC 9110: the validators it adds,
 * the preconditions of §13.2.2 (412/304), then `If-Range` and `Range` (206, multipart, 416),
 * then HEAD. Pure: it returns a plan and never touches the response it was asked about.
 *
 * @internal
 * @module
 */
import { evaluatePreconditions, ifRangeAllows, type Validators } from '../http/conditional'
import { findHeader, type HeaderPair } from '../core/headers'
import { multipartFrame, makeBoundary, type MultipartFrame } from '../http/multipart'
import { parseRange, type ByteRange } from '../http/range'

/** Size and validators of the file being sent. @internal */
export interface FileMeta {
  readonly size: number
  readonly mtimeMs: number | undefined
}

/** Which bytes go out. @internal */
export type BodyPlan =
  | { readonly type: 'none' }
  | { readonly type: 'range'; readonly start: number; readonly end: number }
  | {
      readonly type: 'multipart'
      readonly ranges: readonly ByteRange[]
      readonly frame: MultipartFrame
    }

/** The answer: status, header pairs and body. @internal */
export interface FilePlan {
  readonly status: number
  readonly pairs: HeaderPair[]
  readonly body: BodyPlan
}

// A 304 keeps these (RFC 9110 §15.4.5) and the cookies; nothing of the body.
const KEEP_ON_304 = new Set([
  'cache-control',
  'content-location',
  'date',
  'etag',
  'expires',
  'last-modified',
  'vary',
  'set-cookie',
])
// A 412 or 416 describes no representation: drop what would describe one.
const REPRESENTATION = new Set([
  'content-type',
  'content-length',
  'content-disposition',
  'content-range',
  'content-encoding',
  'content-language',
  'etag',
  'last-modified',
])
const NONE: BodyPlan = { type: 'none' }

/** `last-modified` value: an IMF-fixdate, whole seconds (RFC 9110 §5.6.7, §8.8.2). @internal */
function httpDate(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toUTCString()
}

/** A strong entity-tag from size and mtime (whole milliseconds), hex. @internal */
export function fileETag(size: number, mtimeMs: number): string {
  return `"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`
}

function setIfAbsent(pairs: HeaderPair[], name: string, value: string): void {
  if (findHeader(pairs, name) === undefined) pairs.push([name, value])
}

function replace(pairs: HeaderPair[], name: string, value: string | null): HeaderPair[] {
  const out = pairs.filter((pair) => pair[0] !== name)
  if (value !== null) out.push([name, value])
  return out
}

/** Adds content-length, accept-ranges, last-modified and etag where the caller set none. @internal */
export function withFileHeaders(pairs: readonly HeaderPair[], meta: FileMeta): HeaderPair[] {
  const out = pairs.slice()
  setIfAbsent(out, 'content-length', String(meta.size))
  setIfAbsent(out, 'accept-ranges', 'bytes')
  if (meta.mtimeMs !== undefined) {
    setIfAbsent(out, 'last-modified', httpDate(meta.mtimeMs))
    setIfAbsent(out, 'etag', fileETag(meta.size, meta.mtimeMs))
  }
  return out
}

/** Plans the answer to `request` for a file with `meta`, whose full response is `status`/`pairs`. @internal */
export function planFile(
  request: Request,
  status: number,
  pairs: readonly HeaderPair[],
  meta: FileMeta
): FilePlan {
  const headers = withFileHeaders(pairs, meta)
  const head = request.method === 'HEAD'
  const full: FilePlan = {
    status,
    pairs: headers,
    body: head || meta.size === 0 ? NONE : { type: 'range', start: 0, end: meta.size - 1 },
  }
  // A caller-chosen status (a custom 404 page) is sent as it is: no 304, 206 or 416.
  if (status !== 200) return full
  const validators: Validators = {
    etag: findHeader(headers, 'etag'),
    lastModified: findHeader(headers, 'last-modified'),
  }
  const precondition = evaluatePreconditions(request.method, request.headers, validators)
  if (precondition === 304) {
    return { status: 304, pairs: headers.filter((p) => KEEP_ON_304.has(p[0])), body: NONE }
  }
  if (precondition === 412) return emptyError(412, headers, null)
  // RFC 9110 §14.2 defines Range for GET; HEAD answers with the headers GET would get.
  const range = request.headers.get('range')
  if (range === null || (request.method !== 'GET' && !head)) return full
  if (!ifRangeAllows(request.headers, validators)) return full
  const parsed = parseRange(range, meta.size)
  if (parsed.type === 'ignore') return full
  if (parsed.type === 'unsatisfiable') return emptyError(416, headers, `bytes */${meta.size}`)
  return partial(parsed.ranges, headers, meta.size, head)
}

function emptyError(status: number, pairs: HeaderPair[], contentRange: string | null): FilePlan {
  const out = pairs.filter((p) => !REPRESENTATION.has(p[0]))
  if (contentRange !== null) out.push(['content-range', contentRange])
  out.push(['content-length', '0'])
  return { status, pairs: out, body: NONE }
}

function partial(
  ranges: readonly ByteRange[],
  pairs: HeaderPair[],
  size: number,
  head: boolean
): FilePlan {
  if (ranges.length === 1) {
    const [start, end] = ranges[0]!
    let out = replace(pairs, 'content-range', `bytes ${start}-${end}/${size}`)
    out = replace(out, 'content-length', String(end - start + 1))
    return { status: 206, pairs: out, body: head ? NONE : { type: 'range', start, end } }
  }
  const boundary = makeBoundary()
  const frame = multipartFrame(ranges, size, boundary, findHeader(pairs, 'content-type') ?? null)
  // RFC 9110 §14.6: no top-level content-range on a multipart answer.
  let out = replace(pairs, 'content-range', null)
  out = replace(out, 'content-type', `multipart/byteranges; boundary=${boundary}`)
  out = replace(out, 'content-length', String(frame.length))
  return { status: 206, pairs: out, body: head ? NONE : { type: 'multipart', ranges, frame } }
}
