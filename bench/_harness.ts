/**
 * What every bench in `bench/` shares, so that each one is trustworthy the same way:
 *
 * - `--quick` (a smoke check under a minute) and a watchdog, so a bench always finishes;
 * - the load average at start and end, and a loud warning when the machine is not quiet;
 * - progress lines on stderr while it runs;
 * - contenders interleaved over rounds, the order alternating (forward, then reversed), so
 *   drift hits every contender alike;
 * - medians with the min–max spread;
 * - CPU time of a server process (user + system, all threads, from `/proc/<pid>/stat`) or of
 *   this process (`process.cpuUsage()`), so ratios are work per CPU-second, which other
 *   processes distort far less than wall time;
 * - servers pinned to core 0 (`taskset -c 0`), clients to core 1.
 *
 * A helper (leading `_`): `bench/run.mjs` does not run it on its own.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'

/** True with `--quick`: fewer rounds, smaller workloads, under a minute. */
export const quick = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1'

/** The command-line arguments without `--quick`. */
export const args = process.argv.slice(2).filter((a) => a !== '--quick')

/** Above this 1-minute load average at start, the figures of a run are not figures. */
export const QUIET_LOAD = 0.5

const started = performance.now()
let title = 'bench'

/** A progress line on stderr, with the seconds since the bench started. */
export function progress(message: string): void {
  const s = ((performance.now() - started) / 1000).toFixed(1)
  process.stderr.write(`[${title} +${s}s] ${message}\n`)
}

function loadLine(): string {
  const [one, five, fifteen] = loadavg()
  return `${one!.toFixed(2)} ${five!.toFixed(2)} ${fifteen!.toFixed(2)}`
}

/** Set by {@link begin} for a bench that counts instructions, which load does not change. */
let counts = false

function warnIfLoaded(when: string): boolean {
  const one = loadavg()[0]!
  if (one <= QUIET_LOAD || counts) return false
  const bar = '!'.repeat(78)
  console.log(
    `\n${bar}\n!! LOAD AVERAGE ${one.toFixed(2)} ${when} (quiet means at most ${QUIET_LOAD}).` +
      `\n!! Other work is running: these figures are NOT figures. Stop it and run again.\n${bar}\n`
  )
  return true
}

/**
 * Starts a bench: prints the runtime, mode and load average, warns when the machine is loaded
 * (unless `options.counts`: the bench counts instructions, which other work does not change),
 * and arms a watchdog that ends the process after `budgetSeconds` (quick or full) so that a
 * stuck round never runs for ever. Call {@link finish} at the end.
 */
export function begin(
  name: string,
  budgetSeconds: { quick: number; full: number },
  options: { counts?: boolean } = {}
): void {
  title = name
  counts = options.counts === true
  const budget = quick ? budgetSeconds.quick : budgetSeconds.full
  console.log(
    `${name}: Node ${process.version} (V8 ${process.versions.v8}), ${cpus().length} cores, ` +
      `${quick ? 'QUICK mode (smoke check, not for figures)' : 'full mode'}, ` +
      `${new Date().toISOString()}, load average at start ${loadLine()}`
  )
  warnIfLoaded('AT START')
  const watchdog = setTimeout(() => {
    console.error(`\n${name}: gave up after ${budget} s (watchdog); no figures.`)
    for (const stop of stops) stop()
    process.exit(3)
  }, budget * 1000)
  watchdog.unref()
}

/** Prints the load average at the end (and warns again), stops servers, ends the process. */
export function finish(): never {
  console.log(`\nload average at end ${loadLine()}`)
  warnIfLoaded('AT END')
  for (const stop of stops) stop()
  process.exit(0)
}

/** Median, min and max of a list of numbers. */
export interface Spread {
  median: number
  min: number
  max: number
}

/** The median and min–max of `xs` (the upper median for an even count). */
export function spread(xs: readonly number[]): Spread {
  const sorted = [...xs].sort((a, b) => a - b)
  return { median: sorted[sorted.length >> 1]!, min: sorted[0]!, max: sorted[sorted.length - 1]! }
}

/** `median (min–max)` with `digits` decimals. */
export function formatSpread(s: Spread, digits = 0): string {
  const f = (x: number) =>
    x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
  return `${f(s.median)} (${f(s.min)}–${f(s.max)})`
}

/**
 * Runs `measure` for every contender in every round, the order forward on even rounds and
 * reversed on odd ones, after one unrecorded warm-up round (unless `warmup` is false, or in
 * quick mode).
 * Returns the samples per contender, in round order.
 */
export async function interleave<T>(
  names: readonly string[],
  rounds: number,
  measure: (name: string, round: number) => T | Promise<T>,
  warmup = true
): Promise<Map<string, T[]>> {
  const samples = new Map(names.map((n) => [n, [] as T[]]))
  if (warmup && !quick) {
    progress(`warm-up: ${names.join(', ')}`)
    for (const name of names) await measure(name, -1)
  }
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? [...names] : [...names].reverse()
    for (const name of order) samples.get(name)!.push(await measure(name, round))
    progress(`round ${round + 1}/${rounds} done`)
  }
  return samples
}

const TICKS_PER_SECOND = 100 // USER_HZ: 100 on every Linux this runs on

/** CPU seconds process `pid` has used so far in user and in system mode (all threads). */
export function processCpuTimes(pid: number): { user: number; system: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // Fields after the command name (which may hold spaces), counted from field 3 ("state").
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return {
    user: Number(fields[11]) / TICKS_PER_SECOND,
    system: Number(fields[12]) / TICKS_PER_SECOND,
  }
}

/** CPU seconds (user + system, all threads) process `pid` has used so far, from /proc. */
export function processCpu(pid: number): number {
  const { user, system } = processCpuTimes(pid)
  return user + system
}

/** CPU seconds (user + system) this process has used so far. */
export function ownCpu(): number {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1e6
}

/**
 * CPU microseconds per call of `task` in this process, over about `ms` milliseconds of wall
 * time, `batch` calls between clock reads.
 */
export function cpuPerCall(task: () => unknown, batch: number, ms: number): number {
  const start = process.cpuUsage()
  const end = performance.now() + ms
  let calls = 0
  do {
    for (let i = 0; i < batch; i++) task()
    calls += batch
  } while (performance.now() < end)
  const used = process.cpuUsage(start)
  return (used.user + used.system) / calls
}

/** A server process started by {@link startServer}. */
export interface ServerProcess {
  child: ChildProcess
  /** The process id (taskset execs the program, so this is the server itself). */
  pid: number
  /** The first line the server printed on stdout (its port, or JSON). */
  line: string
  /** CPU seconds it has used so far (user + system, all threads). */
  cpu(): number
  /** The same, split into user and system mode. */
  cpuTimes(): { user: number; system: number }
  stop(): void
}

const stops = new Set<() => void>()
process.on('exit', () => {
  for (const stop of stops) stop()
})

/**
 * Spawns `node …args` (or `options.program …args`: Bun, Deno) as a server pinned to core 0
 * (`taskset -c 0`; core 1 is for clients) and waits for its first stdout line. Every server
 * started here is stopped on exit.
 */
export async function startServer(
  nodeArgs: readonly string[],
  options: { env?: NodeJS.ProcessEnv; ipc?: boolean; pin?: boolean; program?: string } = {}
): Promise<ServerProcess> {
  const pinned = options.pin !== false
  const program = options.program ?? process.execPath
  const command = pinned ? 'taskset' : program
  const argv = pinned ? ['-c', '0', program, ...nodeArgs] : [...nodeArgs]
  const child = spawn(command, argv, {
    stdio: ['ignore', 'pipe', 'inherit', ...(options.ipc ? (['ipc'] as const) : [])],
    env: options.env ?? process.env,
  })
  const line = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server ${nodeArgs.join(' ')} exited ${code}`)))
    createInterface({ input: child.stdout! }).once('line', resolve)
  })
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    stops.delete(stop)
  }
  stops.add(stop)
  child.removeAllListeners('exit')
  return {
    child,
    pid: child.pid!,
    line: line.trim(),
    cpu: () => processCpu(child.pid!),
    cpuTimes: () => processCpuTimes(child.pid!),
    stop,
  }
}

/** `command args` as a client pinned to core 1 (for execFileSync/spawn). */
export function onClientCore(command: string, commandArgs: readonly string[]): [string, string[]] {
  return ['taskset', ['-c', '1', command, ...commandArgs]]
}

/** curl on the client core, bounded in time; its stdout. */
export function curlOnClient(...args: string[]): string {
  const [cmd, argv] = onClientCore('curl', ['-sS', '--fail', '--max-time', '300', ...args])
  return execFileSync(cmd, argv, { maxBuffer: 1 << 20 }).toString()
}

/** VmRSS and VmHWM (peak) of process `pid`, in bytes. */
export function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)![1]) * 1024
  return { rss: kb('VmRSS'), peak: kb('VmHWM') }
}

/** One download measured by {@link timedDownload}. */
export interface Download {
  /** Throughput curl saw, in MB/s. */
  mbps: number
  /** Server CPU seconds (user + system) per GiB sent. */
  cpuPerGiB: number
  /** The server's peak RSS during the download minus its RSS before, in bytes. */
  growth: number
}

/**
 * Downloads `url` (a file of `mib` MiB) with curl on the client core to /dev/null, and measures
 * the server: its CPU time, and its peak RSS growth (Linux: writing 5 to clear_refs resets
 * VmHWM, so the peak counts from this download on). Throws when curl got another size.
 */
export function timedDownload(server: ServerProcess, url: string, mib: number): Download {
  writeFileSync(`/proc/${server.pid}/clear_refs`, '5')
  const base = memoryOf(server.pid)
  const cpu = server.cpu()
  const out = curlOnClient('-o', '/dev/null', '-w', '%{speed_download} %{size_download}', url)
  const used = server.cpu() - cpu
  const after = memoryOf(server.pid)
  const [speed, size] = out.split(' ').map(Number) as [number, number]
  if (size !== mib * 1024 * 1024) throw new Error(`${url} sent ${size} bytes, not ${mib} MiB`)
  return { mbps: speed / 1e6, cpuPerGiB: (used * 1024) / mib, growth: after.peak - base.rss }
}

/** A server a file bench started, with the base URL it serves the file under (`<url>/x`). */
export type FileServer = ServerProcess & { url: string }

/**
 * Checks, before any timing, that every server sends `file` (`mib` MiB) at `<url>/x`: status
 * 200, the file's length and sha256, and a `content-length`, when sent, equal to that length.
 * Returns the file's sha256.
 */
export async function checkSameFile(
  servers: ReadonlyMap<string, FileServer>,
  file: string,
  mib: number
): Promise<string> {
  progress('checking that every contender sends the file (length and sha256)')
  const reference = execFileSync('sha256sum', [file]).toString().split(' ')[0]!
  for (const [name, server] of servers) {
    const response = await fetch(`${server.url}/x`)
    const hash = createHash('sha256')
    let length = 0
    const reader = response.body!.getReader()
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      hash.update(r.value)
      length += r.value.byteLength
    }
    const declared = response.headers.get('content-length')
    if (response.status !== 200 || length !== mib * 1024 * 1024 || hash.digest('hex') !== reference)
      throw new Error(`${name} sent other bytes (status ${response.status}, ${length} bytes)`)
    if (declared !== null && Number(declared) !== length)
      throw new Error(`${name} declared content-length ${declared}, sent ${length}`)
  }
  return reference
}

/**
 * {@link timedDownload} of every server's file in `rounds` interleaved rounds, then stops the
 * servers; the downloads per contender.
 */
export async function downloadRounds(
  servers: ReadonlyMap<string, FileServer>,
  rounds: number,
  mib: number
): Promise<Map<string, Download[]>> {
  const samples = await interleave([...servers.keys()], rounds, (name) => {
    const server = servers.get(name)!
    return timedDownload(server, `${server.url}/x`, mib)
  })
  for (const server of servers.values()) server.stop()
  return samples
}

/** Prints a Markdown table (so a run can be pasted into bench/README.md as it is). */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): void {
  console.log(`| ${header.join(' | ')} |`)
  console.log(`|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`)
  for (const row of rows) console.log(`| ${row.join(' | ')} |`)
}

/**
 * Bundles a bench server with esbuild (dependencies external, as in an app that installed the
 * package) into this checkout's `node_modules/.cache`, so bare imports resolve from its
 * node_modules and no tsx loader sits in anyone's hot path. `entry` may lie in another checkout
 * (a baseline): its own relative imports are bundled from there. The file is removed on exit.
 */
export async function bundleServer(entry: string, tag: string): Promise<string> {
  const { build } = await import('esbuild')
  const out = join('node_modules', '.cache', `rk-${tag}-${process.pid}.mjs`)
  await build({
    entryPoints: [entry],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  })
  process.on('exit', () => rmSync(out, { force: true }))
  return out
}

/**
 * A file of `mib` MiB of random bytes in the temp folder, written once and reused by every
 * file bench of that size; its path.
 */
export function benchFile(mib: number): string {
  const file = join(tmpdir(), `rk-bench-${mib}MiB.bin`)
  if (existsSync(file) && statSync(file).size === mib * 1024 * 1024) return file
  progress(`writing ${mib} MiB to ${file}`)
  const fd = openSync(file, 'w')
  const block = randomBytes(1024 * 1024)
  for (let i = 0; i < mib; i++) {
    block[0] = i & 255 // every MiB differs a little, so a misplaced chunk changes the hash
    writeSync(fd, block)
  }
  closeSync(fd)
  return file
}
