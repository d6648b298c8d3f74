/**
 * FileResponse against `fs.createReadStream().pipe(res)` (the raw pipe, the baseline) and the
 * `send` package: a file of real bytes (1 GiB, written once to the temp folder) downloaded with
 * `curl -o /dev/null` over 127.0.0.1. Each contender is its own server process pinned to core
 * 0, curl runs on core 1. Reported per contender, over interleaved rounds (order alternating):
 * MB/s, server CPU seconds per GiB (user + system from /proc/<pid>/stat) and the peak RSS
 * growth of each round (VmHWM reset through /proc/<pid>/clear_refs before the round, minus the
 * RSS then). Goal (issue 11): FileResponse ≥ 1.0× the pipe's MB/s, ≤ 1.0× its CPU per GiB,
 * RSS growth < 32 MB in every round.
 *
 *   npm run bench -- file                       # 7 rounds, 1024 MiB
 *   npx tsx bench/file.bench.ts [rounds] [MiB]  # e.g. 9 1024
 *   npm run bench -- file --quick               # smoke check: 5 rounds of 64 MiB
 */
import * as h from './_harness'

const rounds = Math.max(5, Number(h.args[0] ?? (h.quick ? 5 : 7)))
const mib = Number(h.args[1] ?? (h.quick ? 64 : 1024))
const contenders = ['pipe', 'send', 'response-kit'] as const
const GOAL_GROWTH = 32e6

h.begin('file.bench', { quick: 90, full: 30 * 60 })

// One esbuild bundle for every server (dependencies external): no tsx loader in the hot path.
const SERVER = await h.bundleServer('bench/file-server.ts', 'file-server')

const file = h.benchFile(mib)
const servers = new Map<string, h.FileServer>()
for (const c of contenders) {
  const s = await h.startServer([SERVER, c, file])
  servers.set(c, { ...s, url: `http://127.0.0.1:${s.line}` })
}

const reference = await h.checkSameFile(servers, file, mib)
const samples = await h.downloadRounds(servers, rounds, mib)

console.log(
  `\n${mib} MiB file, ${rounds} interleaved rounds (order alternating), same bytes checked ` +
    `(sha256 ${reference.slice(0, 12)}…); median (min–max)\n`
)
const of = (c: string, key: keyof h.Download) => h.spread(samples.get(c)!.map((x) => x[key]))
const pipeMbps = of('pipe', 'mbps').median
const pipeCpu = of('pipe', 'cpuPerGiB').median
h.table(
  [
    'contender',
    'MB/s',
    '× pipe MB/s',
    'server CPU s per GiB',
    '× pipe CPU',
    'RSS growth per round (MB)',
  ],
  contenders.map((c) => [
    c,
    h.formatSpread(of(c, 'mbps')),
    (of(c, 'mbps').median / pipeMbps).toFixed(2),
    h.formatSpread(of(c, 'cpuPerGiB'), 2),
    (of(c, 'cpuPerGiB').median / pipeCpu).toFixed(2),
    samples
      .get(c)!
      .map((x) => (x.growth / 1e6).toFixed(1))
      .join(', '),
  ])
)
const rk = samples.get('response-kit')!
const verdicts = [
  `MB/s ≥ 1.0× pipe: ${of('response-kit', 'mbps').median >= pipeMbps ? 'met' : 'NOT met'}`,
  `CPU per GiB ≤ 1.0× pipe: ${of('response-kit', 'cpuPerGiB').median <= pipeCpu ? 'met' : 'NOT met'}`,
  `RSS growth < 32 MB in every round: ${rk.every((x) => x.growth < GOAL_GROWTH) ? 'met' : 'NOT met'}`,
]
console.log(`\nFileResponse: ${verdicts.join('; ')}`)
h.finish()
