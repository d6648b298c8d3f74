/**
 * The error a `FileResponse` throws from `prepare` when there is no file to send.
 *
 * @module
 */
import { HTTPException } from './http-exception'

/**
 * Why a path gave no file: `ENOENT` it does not exist, `EISDIR` it is a directory or not a
 * regular file, `EACCES` it was refused (outside `root`, `..`, an absolute path under `root`,
 * NUL or encoded traversal, a dotfile, a symlink leaving `root`).
 */
export type FileNotFoundCode = 'ENOENT' | 'EISDIR' | 'EACCES'

/**
 * Thrown by `FileResponse.prepare` (and by its body when read unprepared) when the path is
 * missing, is a directory, or is refused by the `root`/`dotfiles`/`followSymlinks` rules. It
 * is an `HTTPException` with status 404, so every adapter answers `{"detail":"Not Found"}`
 * with 404 before any byte of a 200 is sent; the path and reason are in `message` and `code`
 * for your logs, never in the response.
 *
 * @example
 * ```ts
 * import { FileResponse, FileNotFoundError } from 'response-kit/file'
 * try {
 *   await new FileResponse('missing.bin').prepare(new Request('http://x/'))
 * } catch (error) {
 *   if (error instanceof FileNotFoundError) console.log(error.code) // 'ENOENT'
 * }
 * ```
 */
export class FileNotFoundError extends HTTPException {
  /** `ENOENT`, `EISDIR` or `EACCES` (refused by a safety rule). */
  readonly code: FileNotFoundCode
  /** The path as given to `FileResponse`. */
  readonly path: string

  /**
   * @param path - the path as given
   * @param code - why there is no file
   * @param reason - a short explanation for the message
   */
  constructor(path: string, code: FileNotFoundCode, reason: string) {
    super(404)
    this.name = 'FileNotFoundError'
    this.code = code
    this.path = path
    this.message = `${reason}: ${JSON.stringify(path)} (${code})`
  }
}
