/**
 * One contender of bench/runtime-file.bench.ts, on Bun or on Deno, in its own process so its
 * CPU is its own: `bun <bundle> <contender> <file>` or `deno run … <bundle> <contender> <file>`
 * (the bench runs an esbuild bundle of this file, pinned to core 0). Prints the port. Contenders:
 *
 * - `native`: the runtime's own way, `new Response(Bun.file(path))` on Bun,
 *   `new Response((await Deno.open(path)).readable)` on Deno (with the content-length that
 *   `FileResponse` sends too);
 * - `path`: `FileResponse(path)`, read through the runtime's `node:fs`;
 * - `blob`: `FileResponse(Bun.file(path))`, Bun only (Deno has no lazy file `Blob`: its
 *   `fs.openAsBlob` reads the whole file into memory);
 * - `named-path`, `named-blob` (Bun only): the same with a download name (`filename`), so the
 *   answer goes to Bun as the file's `Blob`, which Bun sends with sendfile(2); an unnamed
 *   `application/octet-stream` answer is sent in chunks on Bun (Bun would name it itself; see
 *   the Files guide);
 * - `stream`: `FileResponse(stream, { size })`, the stream being `Bun.file(path).stream()` on
 *   Bun and `(await Deno.open(path)).readable` on Deno.
 *
 * Every `FileResponse` is prepared for the request, as a native runtime's user does.
 */
import { FileResponse } from '../src/file'

declare const Bun:
  | {
      file(path: string): Blob
      serve(options: {
        hostname: string
        port: number
        fetch: (request: Request) => Response | Promise<Response>
      }): { port: number }
    }
  | undefined

declare const Deno:
  | {
      args: string[]
      open(path: string): Promise<{ readable: ReadableStream<Uint8Array> }>
      stat(path: string): Promise<{ size: number }>
      serve(
        options: { hostname: string; port: number; onListen(addr: { port: number }): void },
        handler: (request: Request) => Response | Promise<Response>
      ): unknown
    }
  | undefined

type Handler = (request: Request) => Response | Promise<Response>

const argv = typeof Deno !== 'undefined' ? Deno.args : process.argv.slice(2)
const [contender, file] = argv as [string, string]
const filename = 'download.bin'

function bunHandlers(bun: NonNullable<typeof Bun>): Record<string, Handler> {
  const size = bun.file(file).size
  return {
    native: () => new Response(bun.file(file)),
    path: (request) => new FileResponse(file).prepare(request),
    blob: (request) => new FileResponse(bun.file(file)).prepare(request),
    'named-path': (request) => new FileResponse(file, { filename }).prepare(request),
    'named-blob': (request) => new FileResponse(bun.file(file), { filename }).prepare(request),
    stream: (request) =>
      new FileResponse(bun.file(file).stream() as ReadableStream<Uint8Array>, { size }).prepare(
        request
      ),
  }
}

async function denoHandlers(deno: NonNullable<typeof Deno>): Promise<Record<string, Handler>> {
  const { size } = await deno.stat(file)
  const headers = { 'content-type': 'application/octet-stream', 'content-length': String(size) }
  return {
    native: async () => new Response((await deno.open(file)).readable, { headers }),
    path: (request) => new FileResponse(file).prepare(request),
    stream: async (request) =>
      new FileResponse((await deno.open(file)).readable, { size }).prepare(request),
  }
}

if (typeof Bun !== 'undefined') {
  const handler = bunHandlers(Bun)[contender]
  if (handler === undefined) throw new Error(`unknown contender ${contender} on Bun`)
  const server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: handler })
  console.log(String(server.port))
} else if (typeof Deno !== 'undefined') {
  const handler = (await denoHandlers(Deno))[contender]
  if (handler === undefined) throw new Error(`unknown contender ${contender} on Deno`)
  Deno.serve(
    { hostname: '127.0.0.1', port: 0, onListen: ({ port }) => console.log(String(port)) },
    handler
  )
} else throw new Error('runtime-file-server runs on Bun or Deno')
