/**
 * Path sources of `FileResponse` on Node, Bun and Deno: the `root`/`dotfiles`/symlink rules,
 * `stat` at prepare time, and reading in chunks (64 KiB growing to 512 KiB) from one file descriptor that is
 * closed on end, cancel and error. `node:fs` and `node:path` are imported on first use only,
 * so the `./file` entry still loads on workerd and edge-runtime for in-memory sources.
 *
 * @internal
 * @module
 */
import type * as FsPromises from 'node:fs/promises'
import type * as Path from 'node:path'
import { FileNotFoundError } from '../../file-not-found'
import type { BufferPool } from './buffer-pool'

/** Size of the first read: 64 KiB, as `fs.createReadStream` and Starlette. @internal */
const CHUNK_SIZE = 64 * 1024

/**
 * Largest read. Each chunk costs the same fixed work on its way to the socket (a read request,
 * promise turns, the writer's drain wait) whatever its size; profiles of a 1 GiB download put
 * that per-chunk work at about twice the raw pipe's user CPU with 64 KiB chunks, and at par from
 * 256 KiB. Reads double from {@link CHUNK_SIZE} up to this, so small files and ranges still
 * read (and hold) little. @internal
 */
export const MAX_CHUNK_SIZE = 512 * 1024

/** The path rules. @internal */
export interface PathOptions {
  readonly root: string | undefined
  readonly followSymlinks: boolean
  readonly dotfiles: 'allow' | 'deny'
}

/** A regular file that passed the rules. @internal */
export interface StatFile {
  readonly path: string
  readonly size: number
  readonly mtimeMs: number
}

interface NodeModules {
  fs: typeof FsPromises
  path: typeof Path
}
let modules: Promise<NodeModules> | undefined

/** Loads node:fs/promises and node:path once, on the first path source. @internal */
function loadNode(): Promise<NodeModules> {
  modules ??= Promise.all([import('node:fs/promises'), import('node:path')]).then(([fs, path]) => ({
    fs,
    path,
  }))
  return modules
}

// Percent-encoded dot, slash, backslash or NUL: a traversal the caller forgot to decode,
// or decoded once too few times (h3 rejects these at any %25 nesting depth).
const ENCODED = /%(?:25)*(?:2e|2f|5c|00)/i

/** Applies the path rules to `given` and returns the absolute path to stat. @internal */
async function resolveSafe(given: string, options: PathOptions): Promise<string> {
  const { path } = await loadNode()
  const refuse = (reason: string): never => {
    throw new FileNotFoundError(given, 'EACCES', reason)
  }
  if (given === '' || given.includes('\0')) refuse('Empty path or NUL byte')
  let relative = given
  if (options.root !== undefined) {
    if (path.isAbsolute(given) || /^[a-zA-Z]:/.test(given)) refuse('Absolute path under root')
    if (given.includes('\\') || ENCODED.test(given)) refuse('Backslash or encoded traversal')
    if (given.split('/').includes('..')) refuse('".." segment')
  } else relative = path.basename(given)
  const segments = relative.split(/[\\/]/)
  if (options.dotfiles === 'deny' && segments.some((s) => s.startsWith('.') && s !== '.')) {
    refuse('Dotfile')
  }
  if (options.root === undefined) return path.resolve(given)
  const root = path.resolve(options.root)
  const full = path.resolve(root, given)
  if (full !== root && !full.startsWith(root + path.sep)) refuse('Outside root')
  return full
}

function missing(given: string, error: unknown): FileNotFoundError {
  const code = (error as { code?: string } | null)?.code
  if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ENAMETOOLONG' || code === 'ELOOP') {
    return new FileNotFoundError(given, 'ENOENT', 'No such file')
  }
  if (code === 'EACCES' || code === 'EPERM')
    return new FileNotFoundError(given, 'EACCES', 'Not readable')
  throw error
}

/**
 * Resolves and stats `given`: a regular file under the rules, or a `FileNotFoundError`.
 * Without `followSymlinks`, the real path must stay under the real `root`. @internal
 */
export async function statFile(given: string, options: PathOptions): Promise<StatFile> {
  const full = await resolveSafe(given, options)
  const { fs, path } = await loadNode()
  let target = full
  try {
    if (options.root !== undefined && !options.followSymlinks) {
      const [real, realRoot] = await Promise.all([fs.realpath(full), fs.realpath(options.root)])
      if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
        throw new FileNotFoundError(given, 'EACCES', 'Symlink leaves root')
      }
      target = real
    }
    const stat = await fs.stat(target)
    if (!stat.isFile()) throw new FileNotFoundError(given, 'EISDIR', 'Not a regular file')
    return { path: target, size: stat.size, mtimeMs: stat.mtimeMs }
  } catch (error) {
    if (error instanceof FileNotFoundError) throw error
    throw missing(given, error)
  }
}

/**
 * Reads `[start, end]` of `file` in chunks of 64 KiB doubling up to 512 KiB, from one
 * descriptor opened on the first pull and closed in `finally` (end, `return()` on cancel, or
 * error). Each chunk is read into a buffer from `pool`: a new one unless the Node writer gave
 * one back (a `ReadableStream` consumer never does: it may keep every chunk). A file that
 * shrank since `stat` is an error, never a short body. @internal
 */
export async function* readFileRange(
  file: string,
  start: number,
  end: number,
  pool: BufferPool
): AsyncGenerator<Uint8Array, void, undefined> {
  const { fs } = await loadNode()
  const handle = await fs.open(file, 'r')
  try {
    let position = start
    let size = CHUNK_SIZE
    while (position <= end) {
      const length = Math.min(size, end - position + 1)
      if (size < MAX_CHUNK_SIZE) size *= 2
      const buffer = pool.take(length)
      const { bytesRead } = await handle.read(buffer, 0, length, position)
      if (bytesRead === 0) throw new Error(`File ${file} shrank while it was being sent`)
      position += bytesRead
      yield bytesRead === length ? buffer : buffer.subarray(0, bytesRead)
    }
  } finally {
    await handle.close()
  }
}

/** A path source as a path string: `file:` URLs through `node:url`, loaded on first use. @internal */
export async function toPath(source: string | URL): Promise<string> {
  if (typeof source === 'string') return source
  const { fileURLToPath } = await import('node:url')
  return fileURLToPath(source)
}
