/**
 * FileResponse against fs.createReadStream().pipe(res) and the `send` package: a 1 GiB file
 * (real bytes, written once) downloaded with `curl -o /dev/null` over 127.0.0.1. Each
 * contender runs in its own server process; we report median MB/s over the runs, the
 * server's RSS growth (peak VmHWM minus RSS after a warm-up, the peak reset through
 * /proc/self/clear_refs) and ratios to the raw pipe.
 *
 * Run: `npm run bench -- file` or `npx tsx bench/file.bench.ts [runs=3] [MiB=1024]`. Never part
 * of `npm test`.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, openSync, statSync, writeSync, closeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'

const runs = Number(process.argv[2] ?? 3)
const mib = Number(process.argv[3] ?? 1024)
const contenders = ['pipe', 'send', 'response-kit'] as const
const file = join(tmpdir(), `rk-bench-${mib}MiB.bin`)

function makeFile(): void {
  if (existsSync(file) && statSync(file).size === mib * 1024 * 1024) return
  const fd = openSync(file, 'w')
  const block = randomBytes(1024 * 1024)
  for (let i = 0; i < mib; i++) {
    block[0] = i & 255 // every MiB differs a little, so a misplaced chunk changes the hash
    writeSync(fd, block)
  }
  closeSync(fd)
}

async function start(contender: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/file-server.ts', contender, file],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    }
  )
  const line = await new Promise<string>((resolve) => {
    createInterface({ input: child.stdout! }).once('line', resolve)
  })
  return { child, url: `http://127.0.0.1:${line.trim()}` }
}

const curl = (...args: string[]) =>
  execFileSync('/usr/bin/curl', ['-sS', '--fail', ...args], { maxBuffer: 1 << 20 }).toString()

async function stats(url: string): Promise<{ rss: number; peak: number }> {
  return (await fetch(`${url}/__stats`)).json() as Promise<{ rss: number; peak: number }>
}

makeFile()
// Same bytes first: each contender's full body hashes to the file's hash.
const hashes: Record<string, string> = {}
for (const c of contenders) {
  const { child, url } = await start(c)
  hashes[c] = execFileSync('sh', ['-c', `curl -sS --fail ${url}/x | sha256sum`])
    .toString()
    .split(' ')[0]!
  child.kill('SIGTERM')
}
const reference = execFileSync('sha256sum', [file]).toString().split(' ')[0]!
for (const c of contenders) if (hashes[c] !== reference) throw new Error(`${c} sent other bytes`)

const results: Record<string, { mbps: number[]; growth: number; peak: number }> = {}
for (const c of contenders) results[c] = { mbps: [], growth: 0, peak: 0 }
const servers: Record<string, { child: ChildProcess; url: string; base: number }> = {}
for (const c of contenders) {
  const s = await start(c)
  // Warm up (module loading, JIT) with a 1 MiB range, then reset the peak and take the base.
  curl('-o', '/dev/null', '-r', '0-1048575', `${s.url}/x`)
  const base = (await (await fetch(`${s.url}/__reset`)).json()) as { rss: number }
  servers[c] = { ...s, base: base.rss }
}
// Interleave the contenders so drift (CPU frequency, other load) hits all alike.
for (let r = 0; r < runs; r++) {
  for (const c of contenders) {
    const out = curl(
      '-o',
      '/dev/null',
      '-w',
      '%{speed_download} %{size_download}',
      `${servers[c]!.url}/x`
    )
    const [speed, size] = out.split(' ').map(Number) as [number, number]
    if (size !== mib * 1024 * 1024) throw new Error(`${c} sent ${size} bytes`)
    results[c]!.mbps.push(speed / 1e6)
  }
}
for (const c of contenders) {
  const s = await stats(servers[c]!.url)
  results[c]!.peak = s.peak
  results[c]!.growth = s.peak - servers[c]!.base
  servers[c]!.child.kill('SIGTERM')
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const pipe = median(results.pipe!.mbps)
console.log(
  `${mib} MiB file, ${runs} runs each, same bytes checked (sha256 ${reference.slice(0, 12)}…)`
)
console.log('contender      MB/s median (min–max)  ×pipe  RSS growth (MB)  peak RSS (MB)')
for (const c of contenders) {
  const xs = results[c]!.mbps
  const m = median(xs)
  const spread = `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`
  console.log(
    `${c.padEnd(14)} ${m.toFixed(0).padStart(6)} (${spread.padStart(9)})  ${(m / pipe).toFixed(2).padStart(5)}  ${(results[c]!.growth / 1e6).toFixed(1).padStart(15)}  ${(results[c]!.peak / 1e6).toFixed(1).padStart(13)}`
  )
}
