/**
 * The core against a baseline commit, side by side in one run: small JSON through the Node
 * adapter, SSE events per server CPU-second, memory per idle SSE connection, and file
 * throughput per server CPU-second. It is the guard rail for changes to the core: each
 * scenario runs the current checkout's own bench server and the baseline's, interleaved, in
 * alternating order, and reports the ratio current / baseline with its min–max spread.
 *
 *   npx tsx bench/versus.bench.ts --base d36c564            # 5 rounds
 *   npx tsx bench/versus.bench.ts --base HEAD~3 --quick     # smoke check, not for figures
 *   ROUNDS=7 npx tsx bench/versus.bench.ts --base v0.1.0 json sse
 *   npx tsx bench/versus.bench.ts                          # uncommitted changes vs HEAD
 *
 * The baseline is checked out with `git worktree add --detach` into a temporary folder that
 * shares this checkout's node_modules, and removed at the end. Both servers are bundled with
 * esbuild (dependencies external), run pinned to core 0 and are loaded from core 1.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { get, type ClientRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import {
  args,
  begin,
  bundleServer,
  finish,
  formatSpread,
  interleave,
  onClientCore,
  processCpu,
  progress,
  quick,
  spread,
  table,
} from './_harness'

const baseAt = args.indexOf('--base')
// Without --base: the working tree against its last commit.
const base = baseAt === -1 ? 'HEAD' : args[baseAt + 1]!
const wanted = baseAt === -1 ? args : args.filter((_, i) => i !== baseAt && i !== baseAt + 1)
const ROUNDS = Number(process.env.ROUNDS ?? (quick ? 2 : 5))
const SECONDS = quick ? 2 : 5
const EVENTS = quick ? 20_000 : 100_000
const REQUESTS = quick ? 1 : 5
const IDLE = quick ? 200 : 2000
const FILE_MB = quick ? 64 : 512

begin('versus', { quick: 110, full: 40 * 60 })
const root = process.cwd()
const baseDir = mkdtempSync(join(tmpdir(), 'rk-base-'))
execFileSync('git', ['worktree', 'add', '--detach', '--force', baseDir, base], { stdio: 'ignore' })
symlinkSync(join(root, 'node_modules'), join(baseDir, 'node_modules'))
const revision = execFileSync('git', ['rev-parse', '--short', base], { encoding: 'utf8' }).trim()
process.on('exit', () => {
  rmSync(baseDir, { recursive: true, force: true })
  try {
    execFileSync('git', ['worktree', 'prune'], { stdio: 'ignore' })
  } catch {
    // Pruning is housekeeping; a failure leaves a stale entry git prunes next time.
  }
})
console.log(`baseline ${revision} in ${baseDir}; ${ROUNDS} rounds\n`)

const CONTENDERS = ['current', `base ${revision}`] as const
type Contender = (typeof CONTENDERS)[number]
const dirOf = (name: Contender) => (name === 'current' ? root : baseDir)

interface Server {
  child: ChildProcess
  port: number
  cpu(): number
  /** RSS after a full GC (http-adapters servers only, over IPC). */
  rss(): Promise<number>
  stop(): void
}

async function startServer(bundleFile: string, argv: string[]): Promise<Server> {
  const child = spawn(
    'taskset',
    ['-c', '0', process.execPath, '--expose-gc', bundleFile, ...argv],
    {
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
      env: { ...process.env, EVENTS: String(EVENTS) },
    }
  )
  const line = await new Promise<string>((ok) =>
    createInterface({ input: child.stdout! }).once('line', ok)
  )
  const port = line.startsWith('{') ? (JSON.parse(line) as { port: number }).port : Number(line)
  return {
    child,
    port,
    cpu: () => processCpu(child.pid!),
    rss: () =>
      new Promise<number>((ok) => {
        child.once('message', (m) => ok((m as { rss: number }).rss))
        child.send('stats')
      }),
    stop: () => void child.kill('SIGTERM'),
  }
}

function client(command: string, commandArgs: string[]): string {
  const [cmd, argv] = onClientCore(command, commandArgs)
  return execFileSync(cmd, argv, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
}

/** Work per server CPU-second for one run of `load` against a fresh server. */
async function perCpu(
  bundles: Map<Contender, string>,
  name: Contender,
  argv: string[],
  load: (port: number) => number
): Promise<number> {
  const server = await startServer(bundles.get(name)!, argv)
  try {
    load(server.port) // warm-up on this process
    const before = server.cpu()
    const work = load(server.port)
    return work / (server.cpu() - before)
  } finally {
    server.stop()
  }
}

function report(title: string, unit: string, samples: Map<string, number[]>): void {
  const [current, baseline] = CONTENDERS.map((n) => samples.get(n)!)
  const ratios = current!.map((x, i) => x / baseline![i]!)
  console.log(`\n${title}`)
  table(
    ['contender', unit, 'ratio current/base'],
    [
      ['current', formatSpread(spread(current!)), formatSpread(spread(ratios), 3)],
      [`base ${revision}`, formatSpread(spread(baseline!)), '1'],
    ]
  )
}

async function json(): Promise<void> {
  const bundles = new Map<Contender, string>()
  for (const n of CONTENDERS)
    bundles.set(
      n,
      await bundleServer(join(dirOf(n), 'bench/http-adapters-server.ts'), `versus-${n[0]!}`)
    )
  const wrk = (port: number): number => {
    const out = client('wrk', ['-t1', '-c32', `-d${SECONDS}s`, `http://127.0.0.1:${port}/`])
    return Number(/Requests\/sec:\s+([\d.]+)/.exec(out)![1]) * SECONDS
  }
  const samples = await interleave([...CONTENDERS], ROUNDS, (n) =>
    perCpu(bundles, n as Contender, ['json-response-kit'], wrk)
  )
  report('small JSON through toNodeListener', 'requests per server CPU-s', samples)
}

async function sse(): Promise<void> {
  const bundles = new Map<Contender, string>()
  for (const n of CONTENDERS)
    bundles.set(
      n,
      await bundleServer(join(dirOf(n), 'bench/http-adapters-server.ts'), `versus-${n[0]!}`)
    )
  // Several requests per sample: /proc counts CPU in 10 ms ticks.
  const read = (port: number): number => {
    let total = 0
    for (let i = 0; i < REQUESTS; i++) {
      const out = client('curl', ['-sN', `http://127.0.0.1:${port}/`])
      const events = out.split('\n\n').length - 1
      if (events !== EVENTS) throw new Error(`expected ${EVENTS} events, got ${events}`)
      total += events
    }
    return total
  }
  const samples = await interleave([...CONTENDERS], ROUNDS, (n) =>
    perCpu(bundles, n as Contender, ['sse-response-kit'], read)
  )
  report(`SSE, ${EVENTS} events per request`, 'events per server CPU-s', samples)
}

async function idle(): Promise<void> {
  const bundles = new Map<Contender, string>()
  for (const n of CONTENDERS)
    bundles.set(
      n,
      await bundleServer(join(dirOf(n), 'bench/http-adapters-server.ts'), `versus-${n[0]!}`)
    )
  const measure = async (n: Contender): Promise<number> => {
    const server = await startServer(bundles.get(n)!, ['idle-response-kit'])
    const requests: ClientRequest[] = []
    try {
      const before = await server.rss()
      await Promise.all(
        Array.from(
          { length: IDLE },
          () =>
            new Promise<void>((ok, fail) => {
              const req = get(`http://127.0.0.1:${server.port}/`, (res) =>
                res.once('data', () => ok())
              )
              req.on('error', fail)
              requests.push(req)
            })
        )
      )
      return ((await server.rss()) - before) / IDLE
    } finally {
      for (const req of requests) req.destroy()
      server.stop()
    }
  }
  const samples = await interleave<number>([...CONTENDERS], ROUNDS, (n) => measure(n as Contender))
  report(`idle SSE, ${IDLE} connections`, 'bytes of RSS per connection', samples)
}

async function file(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rk-versus-file-'))
  const path = join(dir, 'data.bin')
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }))
  const chunk = Buffer.alloc(1024 * 1024, 7)
  writeFileSync(path, Buffer.concat(Array.from({ length: FILE_MB }, () => chunk)))
  const bundles = new Map<Contender, string>()
  for (const n of CONTENDERS)
    bundles.set(n, await bundleServer(join(dirOf(n), 'bench/file-server.ts'), `versus-${n[0]!}`))
  const download = (port: number): number => {
    const out = client('curl', [
      '-s',
      '-o',
      '/dev/null',
      '-w',
      '%{size_download}',
      `http://127.0.0.1:${port}/data.bin`,
    ])
    if (Number(out) !== FILE_MB * 1024 * 1024) throw new Error(`short download: ${out} bytes`)
    return FILE_MB
  }
  const samples = await interleave([...CONTENDERS], ROUNDS, (n) =>
    perCpu(bundles, n as Contender, ['response-kit', resolve(path)], download)
  )
  report(`FileResponse, ${FILE_MB} MiB to curl`, 'MiB per server CPU-s', samples)
}

const scenarios: Record<string, () => Promise<void>> = { json, sse, idle, file }
for (const [name, run] of Object.entries(scenarios)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue
  progress(`scenario ${name}`)
  await run()
}
finish()
