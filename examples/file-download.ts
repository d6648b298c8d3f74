/**
 * A big-file download with Range: `FileResponse` serves files from one folder (`root`), so
 * `curl -C -` and browsers resume an interrupted download, `<video>` can seek, and a repeated
 * request with `If-None-Match` gets a 304. Paths that try to leave the folder, missing files and
 * other routes all get the same 404, `{"detail":"Not Found"}`: a client cannot tell a refused
 * path from a missing one.
 *
 *   npm run example -- examples/file-download.ts
 *   curl -o big.bin http://127.0.0.1:PORT/files/big.bin
 *   curl -r 0-99 http://127.0.0.1:PORT/files/big.bin | wc -c                 → 100
 *   curl -C - -o big.bin http://127.0.0.1:PORT/files/big.bin                 (resume)
 *   curl -i 'http://127.0.0.1:PORT/files/r%C3%A9sum%C3%A9.txt'              (non-ASCII name)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { HTTPException } from 'response-kit'
import { FileResponse } from 'response-kit/file'
import { demoBytes } from './_shared/demo-data'
import { serve } from './_shared/serve'

// Files to serve: a big one (BIG_FILE_SIZE bytes, 32 MiB by default) and a small text file.
const root = mkdtempSync(join(tmpdir(), 'response-kit-files-'))
writeFileSync(join(root, 'big.bin'), demoBytes(Number(process.env.BIG_FILE_SIZE ?? 32 << 20)))
writeFileSync(join(root, 'résumé.txt'), 'Ada Lovelace: analyst, programmer.\n')
process.once('exit', () => rmSync(root, { recursive: true, force: true }))

await serve('file-download', (request) => {
  const { pathname } = new URL(request.url)
  // `new URL()` has already resolved `/files/../x` to `/x`; answer it as FileResponse answers a
  // refused path: the adapter turns an HTTPException into `{"detail":…}` with its status.
  if (!pathname.startsWith('/files/')) throw new HTTPException(404)
  const name = decodeURIComponent(pathname.slice('/files/'.length))
  // `root` confines the path: `..`, absolute paths and dotfiles become a 404. The adapter
  // calls prepare(request), which answers Range, If-Range, If-None-Match and HEAD.
  return new FileResponse(name, {
    root,
    filename: name,
    headers: { 'cache-control': 'public, max-age=60' },
  })
})
