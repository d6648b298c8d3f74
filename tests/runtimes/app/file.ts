/**
 * Routes for `response-kit/file` (cases/file.ts checks them): a Blob everywhere, and a path
 * where the runtime has a file system (Bun, Deno, Node). Each route calls `prepare(request)`
 * itself, as a native runtime's user does.
 */
import { FileResponse } from 'response-kit/file'
import { patternBytes, type Routes } from './router'

export const BLOB_SIZE = 100_000
export const FILE_SIZE = 200_000

export const blobRoutes: Routes = {
  '/file-blob': (request) =>
    new FileResponse(new Blob([patternBytes(BLOB_SIZE)], { type: 'application/x-test' }), {
      mtime: 0,
    }).prepare(request),
  // A typed Blob sent with no media type: the answer must not gain the Blob's type.
  '/file-blob-untyped': (request) =>
    new FileResponse(new Blob([patternBytes(BLOB_SIZE)], { type: 'application/x-test' }), {
      mediaType: null,
    }).prepare(request),
}

/**
 * Routes that serve the fixture file at `path` and its `.gz` sibling (written by the matrix's
 * global setup).
 */
export function pathRoutes(path: string): Routes {
  return {
    '/file-path': (request) => new FileResponse(path, { filename: 'data.bin' }).prepare(request),
    '/file-precompressed': (request) =>
      new FileResponse(path, { precompressed: true }).prepare(request),
  }
}

/**
 * Bun only: the fixture as a `Bun.file` Blob source, and as a path with a media type Bun shows
 * inline (it names nothing) and with none (Bun would name it: the chunk path answers).
 * `bunFile` is `Bun.file`, passed in so this module stays runtime-agnostic.
 */
export function bunRoutes(path: string, bunFile: (path: string) => Blob): Routes {
  return {
    '/file-bun': (request) =>
      new FileResponse(bunFile(path), { mtime: 0, filename: 'data.bin' }).prepare(request),
    '/file-path-text': (request) =>
      new FileResponse(path, { mediaType: 'text/plain' }).prepare(request),
    '/file-path-octet': (request) => new FileResponse(path).prepare(request),
  }
}
