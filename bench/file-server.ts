/**
 * One contender of bench/file.bench.ts, in its own process so its peak RSS and CPU are its own:
 * `node --import tsx bench/file-server.ts <response-kit|pipe|send> <file>` (the bench runs an
 * esbuild bundle of it, pinned to core 0). Prints the port. The bench reads its memory from
 * /proc.
 */
import { createReadStream, statSync } from 'node:fs'
import { createServer, type RequestListener } from 'node:http'
import type { AddressInfo } from 'node:net'
import { basename, dirname } from 'node:path'
import send from 'send'
import { toNodeListener } from '../src/adapters/node'
import { FileResponse } from '../src/file'

const [contender, file] = process.argv.slice(2) as [string, string]
const root = dirname(file)
const name = basename(file)

const listeners: Record<string, RequestListener> = {
  'response-kit': toNodeListener(() => new FileResponse(name, { root })),
  pipe: (_req, res) => {
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': statSync(file).size,
    })
    createReadStream(file).pipe(res)
  },
  send: (req, res) => {
    send(req, name, { root }).pipe(res)
  },
}

const listener = listeners[contender]
if (listener === undefined) throw new Error(`unknown contender ${contender}`)
const server = createServer(listener)
server.listen(0, '127.0.0.1', () => {
  console.log(String((server.address() as AddressInfo).port))
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
