/**
 * `FileResponse`: files, blobs and byte streams with Range, conditional GET and
 * Content-Disposition, by RFC 9110. Import from `'response-kit/file'`. Path sources need
 * `node:fs` (Node, Bun, Deno), loaded on first use; `Blob`, bytes and streams work on every
 * runtime, workerd and edge-runtime included.
 *
 * @module response-kit/file
 */
import { BaseResponse, type BaseResponseInit, type RenderedBody } from './response'
import { renderPlan, chunkStream } from './internal/file/body'
import { fileETag, planFile, type FileMeta } from './internal/file/plan'
import type { FileBody } from './internal/file/source'
import { initialHeaders, OCTET, toSpec, type Spec } from './internal/file/spec'
import { findHeader, type HeaderPair } from './internal/core/headers'
import { isNullBodyStatus } from './internal/core/media-type'
import { BufferPool } from './internal/file/buffer-pool'
import { readFileRange, statFile, toPath } from './internal/file/node-path'
import { getState } from './internal/core/state'
import { pickRepresentation, representationPairs } from './internal/file/precompressed'

export { FileNotFoundError } from './file-not-found'
export type { FileNotFoundCode } from './file-not-found'

/**
 * What a `FileResponse` sends: a path (string or `file:` URL; Node, Bun, Deno), or on every
 * runtime a `Blob`/`File`, bytes, or a `ReadableStream`/async iterable of bytes plus
 * `init.size`.
 */
export type FileSource =
  | string
  | URL
  | Blob
  | ArrayBuffer
  | ArrayBufferView
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>

/** Options of {@link FileResponse}: `BaseResponseInit` plus the file's own. */
export interface FileResponseInit extends BaseResponseInit {
  /**
   * Download name: sets `content-disposition` (unless you set one) and, before the path, the
   * guessed `content-type`. CR, LF or NUL is a `TypeError`.
   * @defaultValue none: no `content-disposition`
   */
  filename?: string
  /**
   * Disposition type used with `filename`.
   * @defaultValue `'attachment'`
   */
  contentDisposition?: 'attachment' | 'inline'
  /**
   * Directory a path source must stay in: the path is taken relative to it, and `..`
   * segments, absolute paths, NUL bytes, backslashes and percent-encoded traversal are
   * refused with a {@link FileNotFoundError} (404).
   * @defaultValue none: the path is used as given
   */
  root?: string
  /**
   * Lets a path under `root` be a symlink whose target lies outside `root`.
   * @defaultValue `false`
   */
  followSymlinks?: boolean
  /**
   * Whether a path with a segment starting with `.` (under `root`; else its file name) may
   * be sent. A denied dotfile is a {@link FileNotFoundError}.
   * @defaultValue `'deny'`
   */
  dotfiles?: 'allow' | 'deny'
  /**
   * Size in bytes; required for a stream source, ignored for the others.
   * @defaultValue the source's size
   */
  size?: number
  /**
   * Modification time, for `last-modified` and the derived `etag`.
   * @defaultValue the file's mtime for paths; none for the other sources
   */
  mtime?: Date | number
  /**
   * Entity-tag to send and compare (quoted if you give it bare); `W/"…"` for a weak one.
   * @defaultValue derived from size and mtime, when the mtime is known
   */
  etag?: string
  /**
   * Serve a precompressed sibling of a path source (`file.br`, `file.zst`, `file.gz`) when the
   * request's `Accept-Encoding` prefers it and the sibling exists under the same path rules.
   * `true` offers br, zstd and gzip in that order of preference; an array chooses and orders
   * them. The encoded answer has `content-encoding`, the sibling's `content-length`, an
   * entity-tag tagged with the coding and `accept-ranges: none`; a request with `Range` is always
   * answered from the identity file; every answer gets `Vary: Accept-Encoding`. Siblings must be
   * rebuilt with the file: they are not checked against it. A `TypeError` for a non-path
   * source or an unknown coding.
   * @defaultValue `false`
   */
  precompressed?: boolean | readonly PrecompressedEncoding[]
}

/** A coding of a precompressed sibling: `br` (`file.br`), `zstd` (`file.zst`), `gzip` (`file.gz`). */
export type PrecompressedEncoding = 'br' | 'zstd' | 'gzip'

const SPECS = new WeakMap<object, Spec>()

/**
 * The answer `prepare` planned: its body already rendered. Module-private, so only `prepare`
 * can build a `FileResponse` from one.
 */
class Planned {
  constructor(readonly body: RenderedBody) {}
}

/**
 * A `Response` that sends a file, a `Blob`, bytes or a sized stream, and answers Range,
 * If-Range, If-None-Match, If-Modified-Since, If-Match and If-Unmodified-Since by RFC 9110
 * through `prepare(request)`, which returns a new response (200, 206 with one range or
 * `multipart/byteranges`, 304, 412 or 416) and never changes this one, so a reused instance
 * leaks nothing between requests. Sets `content-type` (from `mediaType`, else `filename`,
 * else the Blob's type or the path, via the mime-db table; `application/octet-stream` when
 * unknown), `content-length`, `accept-ranges: bytes`, `last-modified`, a strong `etag` from
 * size and mtime, and `content-disposition` for `filename` (RFC 6266 with an RFC 8187
 * `filename*`), each only if you did not. Paths are stat'ed in `prepare`, which rejects with
 * a {@link FileNotFoundError} (404) for a missing, directory or refused path; the Node,
 * Express and Hono adapters call `prepare` for you. Throws `TypeError` for an unsupported
 * source, a non-`file:` URL, a stream without `size`, or a bad option.
 *
 * @example
 * ```ts
 * import { FileResponse } from 'response-kit/file'
 * export default {
 *   async fetch(request: Request) {
 *     const res = new FileResponse('videos/intro.mp4', { root: '/srv/media' })
 *     return res.prepare(request) // 206 for `Range: bytes=0-`, 304 for a matching ETag
 *   },
 * }
 * ```
 * @see {@link https://github.com/response-kit/response-kit/blob/main/docs/guides/files.md | Files guide}
 */
export class FileResponse extends BaseResponse {
  static override mediaType: string | null = OCTET

  /** Unwraps the body the constructor rendered; FileResponse bodies are never user values. */
  static override render(content: unknown, init: BaseResponseInit): RenderedBody {
    if (content instanceof Planned) return content.body
    return super.render(content, init)
  }

  /**
   * @param source - a path, `file:` URL, `Blob`, bytes, or a stream with `init.size`
   * @param init - status, headers and the file options
   */
  constructor(source: FileSource, init: FileResponseInit = {}) {
    if (source instanceof Planned) {
      // A 304, 412 or 416 has no body at all: the base class refuses content there.
      super(source.body === null ? null : source, init)
      return
    }
    const spec = toSpec(source, init)
    const { pairs, mediaType } = initialHeaders(source, spec)
    const status = init.status ?? 200
    const body = isNullBodyStatus(status) ? null : new Planned(fullBody(spec, pairs, mediaType))
    super(body, { ...init, headers: pairs, mediaType })
    SPECS.set(this, spec)
  }

  /**
   * Returns the response for `request` by RFC 9110 (see the class): a new response, so `this`
   * can be reused for the next request. Synchronous for in-memory sources, a promise for paths
   * (stat is asynchronous). A prepared response returns itself.
   */
  override prepare(request: Request): FileResponse | Promise<FileResponse> {
    const spec = SPECS.get(this)
    if (spec === undefined) return this
    if (typeof (request as Partial<Request> | null)?.headers?.get !== 'function') {
      throw new TypeError('FileResponse.prepare needs the Request being answered')
    }
    const pairs = currentPairs(this)
    if (spec.memory !== null) return answer(spec, request, this.status, pairs, spec.memory)
    return preparePath(spec, request, this.status, pairs)
  }
}

/** The whole file, for a response sent without `prepare`. */
function fullBody(
  spec: Spec,
  pairs: readonly HeaderPair[],
  mediaType: string | null
): RenderedBody {
  const { memory, path, options } = spec
  if (memory !== null) {
    if (memory.size === 0) return null
    const plan = { type: 'range', start: 0, end: memory.size - 1 } as const
    const type = findHeader(pairs, 'content-type') ?? mediaType ?? undefined
    return renderPlan(plan, memory, spec.init.onError, !addsHeaders(memory, pairs, type))
  }
  const pool = new BufferPool()
  return chunkStream(
    async function* () {
      const file = await statFile(await toPath(path!), options)
      if (file.size > 0) yield* readFileRange(file.path, 0, file.size - 1, pool)
    },
    spec.init.onError,
    (chunk) => pool.give(chunk)
  )
}

function currentPairs(response: Response): HeaderPair[] {
  const state = getState(response)
  if (state?.pairs) return state.pairs.slice()
  const pairs: HeaderPair[] = []
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') pairs.push([name, value])
  })
  for (const cookie of response.headers.getSetCookie()) pairs.push(['set-cookie', cookie])
  return pairs
}

async function preparePath(spec: Spec, request: Request, status: number, pairs: HeaderPair[]) {
  const given = await toPath(spec.path!)
  const identity = await statFile(given, spec.options)
  const { codings } = spec
  // A caller-chosen status (a custom 404 page) is sent as it is, like Range and 304 (plan.ts).
  const chosen =
    codings.length === 0 || status !== 200
      ? { file: identity, encoding: null }
      : await pickRepresentation(given, identity, codings, spec.options, request)
  const { file, encoding } = chosen
  const mtimeMs = spec.mtimeMs ?? file.mtimeMs
  if (encoding !== null && findHeader(pairs, 'etag') === undefined) {
    pairs.push(['etag', fileETag(file.size, mtimeMs)])
  }
  if (codings.length > 0) pairs = representationPairs(pairs, encoding)
  const pool = new BufferPool()
  const body: FileBody = {
    size: file.size,
    mtimeMs,
    chunks: (start, end) => readFileRange(file.path, start, end, pool),
    release: (chunk) => pool.give(chunk),
  }
  // On Bun a file's Blob is lazy (nothing is opened until Bun sends it, then with sendfile);
  // on Node the pooled reader is cheaper than a Blob's stream. Checked per call, not at load:
  // the entry may be bundled for one runtime and loaded by another.
  const bun = bunRuntime()
  if (bun !== undefined) {
    body.blob = (start, end) => bun.file(file.path).slice(start, end + 1)
    body.named = true
  }
  return answer(spec, request, status, pairs, body)
}

/** Bun's global when running on Bun, looked up per call. */
function bunRuntime(): { file(path: string): Blob } | undefined {
  const bun = (globalThis as { Bun?: { file?: unknown } }).Bun
  return typeof bun?.file === 'function' ? (bun as { file(path: string): Blob }) : undefined
}

/**
 * True when handing the runtime `file`'s Blob would make it add headers of its own: Bun gives a
 * named Blob (a file's, a slice of one, a `File`) `content-disposition: filename="<its name>"` unless
 * the answer has one or a media type Bun shows inline (text, image, audio, video, font, JSON,
 * Wasm), which would name a precompressed sibling `app.bin.br` or leak a symlink's target.
 */
function addsHeaders(
  file: FileBody,
  pairs: readonly HeaderPair[],
  type: string | undefined
): boolean {
  if (file.named !== true || bunRuntime() === undefined) return false
  if (findHeader(pairs, 'content-disposition') !== undefined) return false
  return type === undefined || !BUN_INLINE.test(type)
}

const BUN_INLINE =
  /^(?:(?:text|image|audio|video|font)\/|application\/(?:json|geo\+json|wasm)(?:;|$))/

function answer(
  spec: Spec,
  request: Request,
  status: number,
  pairs: HeaderPair[],
  file: FileBody
): FileResponse {
  const meta: FileMeta = file
  const plan = planFile(request, status, pairs, meta)
  const { background, onError } = spec.init
  // Bun answers a `Range` itself when a file's Blob goes out with status 200, so a 200 to a
  // request with one (a failed If-Range, a range we ignore) keeps the chunk path.
  const blob =
    !(plan.status === 200 && request.headers.has('range')) &&
    !addsHeaders(file, plan.pairs, findHeader(plan.pairs, 'content-type'))
  const body = renderPlan(plan.body, file, onError, blob)
  // No body to send: a one-shot stream source is released now rather than left unread.
  if (body === null) file.close?.()
  const init: FileResponseInit = { status: plan.status, headers: plan.pairs, mediaType: null }
  if (background !== undefined) init.background = background
  if (onError !== undefined) init.onError = onError
  return new FileResponse(new Planned(body) as unknown as FileSource, init)
}
