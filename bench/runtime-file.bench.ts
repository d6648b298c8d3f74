/**
 * FileResponse on Bun and Deno against each runtime's own way of sending a file (issue 11, the
 * edge path): a file of real bytes (512 MiB, written once to the temp folder) downloaded with
 * `curl -o /dev/null` over 127.0.0.1. Per runtime, each contender is its own server process
 * (bench/runtime-file-server.ts, bundled with esbuild, run by the runtime's binary from
 * .runtimes/runtimes.json) pinned to core 0; curl runs on core 1.
 *
 * - `native`: Bun `new Response(Bun.file(path))`, Deno `new Response((await Deno.open(path)).readable)`
 * - `path`: `FileResponse(path)` prepared for the request, read through the runtime's `node:fs`
 * - `blob`: `FileResponse(Bun.file(path))` (Bun only: Deno has no lazy file `Blob`)
 * - `stream`: `FileResponse(stream, { size })`, the runtime's own file stream as the source
 *
 * Reported per contender, over interleaved rounds (order alternating): MB/s, server CPU seconds
 * per GiB (user + system of all threads, from /proc/<pid>/stat), each as a ratio to the same
 * runtime's `native`, and the peak RSS growth of each round (VmHWM reset through
 * /proc/<pid>/clear_refs before the round, minus the RSS then).
 *
 *   npm run bench -- runtime-file                            # 7 rounds, 512 MiB, Bun and Deno
 *   npx tsx bench/runtime-file.bench.ts [rounds] [MiB] [bun|deno]
 *   npm run bench -- runtime-file --quick                    # smoke check: 5 rounds of 64 MiB
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../tests/runtimes/bundle'
import { runtime } from '../tests/runtimes/harness'
import * as h from './_harness'

type RuntimeName = 'bun' | 'deno'

const numbers = h.args.filter((a) => /^\d+$/.test(a)).map(Number)
const rounds = Math.max(5, numbers[0] ?? (h.quick ? 5 : 7))
const mib = numbers[1] ?? (h.quick ? 64 : 512)
const picked = h.args.filter((a): a is RuntimeName => a === 'bun' || a === 'deno')
const runtimes: RuntimeName[] = picked.length > 0 ? picked : ['bun', 'deno']

/** What each runtime can serve: Deno has no lazy file Blob (its `openAsBlob` reads it all). */
const WAYS: Record<RuntimeName, readonly string[]> = {
  bun: ['native', 'path', 'blob', 'named-path', 'named-blob', 'stream'],
  deno: ['native', 'path', 'stream'],
}

h.begin('runtime-file.bench', { quick: 90, full: 30 * 60 })

/** The runtime's binary; a `.runtimes` copied from another checkout is read from this one. */
function binary(name: RuntimeName): { bin: string; version: string } {
  const entry = runtime(name)
  const marker = '/.runtimes/'
  const at = entry.bin.lastIndexOf(marker)
  const here = at < 0 ? entry.bin : join(ROOT, '.runtimes', entry.bin.slice(at + marker.length))
  return { ...entry, bin: existsSync(here) ? here : entry.bin }
}

const file = h.benchFile(mib)
const SERVER = await h.bundleServer('bench/runtime-file-server.ts', 'runtime-file-server')
const contenders: string[] = []
const servers = new Map<string, h.FileServer>()
for (const name of runtimes) {
  const { bin, version } = binary(name)
  console.log(`${name} ${version}: ${bin}`)
  for (const way of WAYS[name]) {
    const contender = `${name} ${way}`
    h.progress(`starting ${contender}`)
    const s =
      name === 'bun'
        ? await h.startServer(['run', SERVER, way, file], { program: bin })
        : await h.startServer(
            [
              'run',
              '--quiet',
              '--no-lock',
              '--allow-net=127.0.0.1',
              '--allow-read',
              '--allow-env',
            ].concat([SERVER, way, file]),
            {
              program: bin,
              env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
            }
          )
    contenders.push(contender)
    servers.set(contender, { ...s, url: `http://127.0.0.1:${s.line}` })
  }
}

const reference = await h.checkSameFile(servers, file, mib)
const samples = await h.downloadRounds(servers, rounds, mib)

console.log(
  `\n${mib} MiB file, ${rounds} interleaved rounds (order alternating), same bytes checked ` +
    `(sha256 ${reference.slice(0, 12)}…); median (min–max); ratios to the same runtime's native\n`
)
const of = (c: string, key: keyof h.Download) => h.spread(samples.get(c)!.map((x) => x[key]))
h.table(
  [
    'runtime',
    'contender',
    'MB/s',
    '× native MB/s',
    'server CPU s per GiB',
    '× native CPU',
    'peak RSS growth per round (MB)',
  ],
  contenders.map((c) => {
    const [name, way] = c.split(' ') as [string, string]
    const native = `${name} native`
    return [
      name,
      way,
      h.formatSpread(of(c, 'mbps')),
      (of(c, 'mbps').median / of(native, 'mbps').median).toFixed(2),
      h.formatSpread(of(c, 'cpuPerGiB'), 2),
      (of(c, 'cpuPerGiB').median / of(native, 'cpuPerGiB').median).toFixed(2),
      samples
        .get(c)!
        .map((x) => (x.growth / 1e6).toFixed(1))
        .join(', '),
    ]
  })
)
if (runtimes.includes('deno')) {
  console.log(
    '\nDeno has no `blob` row: it has no lazy file Blob (node:fs openAsBlob reads the file).'
  )
}
h.finish()
