/**
 * Instructions per response of the FastJSON scenarios of bench/http-adapters.bench.ts, counted
 * by Valgrind's callgrind in the server process. The count does not depend on what else the
 * machine runs, unlike CPU seconds, so a change to the JSON path can be judged on a loaded
 * machine; a quiet run of the real bench has the last word (an instruction is not a cycle: a
 * cache miss or a page fault costs more than an add, and the kernel's work is not counted).
 *
 *   npx tsx bench/_fast-json-instructions.ts                # every payload, 5 rounds (~15 min)
 *   npx tsx bench/_fast-json-instructions.ts small --quick  # JSON and FastJSON, 2 rounds (~3 min)
 *   KINDS=json,fast CONNECTIONS=32 KEEP=1 npx tsx bench/_fast-json-instructions.ts chat
 *
 * Each contender (`fj-raw-*`, `fj-json-*`, `fj-fast-*` of bench/http-adapters-server.ts, from
 * the same esbuild bundle) runs under `valgrind --tool=callgrind`, with the V8 flags below so
 * that nothing depends on the clock. A client in this process sends one request at a time over
 * one keep-alive connection (or `CONNECTIONS` at a time). Rounds cover whole rotations of the
 * server's payload variants, so every contender serialises the same values, and after each
 * round `callgrind_control -d` dumps (and zeroes) the counters. Rounds run until two in a row
 * agree within 1 % (V8 needs thousands of requests under Valgrind before its optimised code
 * settles), then `ROUNDS` rounds are measured. The figure is their mean instructions per
 * response (every round holds its share of garbage collections), with the min–max of rounds;
 * two runs agree within about 0.5 %. KEEP=1 keeps the dumps for
 * `callgrind_annotate --inclusive=no <dump>` (C++ and builtins by name; optimised JavaScript
 * shows as addresses).
 *
 * A helper (leading `_`): `bench/run.mjs` does not run it; it needs `valgrind` on the PATH.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { Agent, get } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import * as h from './_harness'

/** Requests per round per payload (multiples of the server's rotation length). */
const PLAN: Record<string, number> = {
  small: 1024,
  chat: 512,
  embedding: 128,
  embeddings100: 4,
}
/** Warm-up ends when two rounds in a row differ by at most this fraction. */
const STEADY = 0.01
const MAX_WARMUP = 40
const ROUNDS = Number(process.env.ROUNDS ?? (h.quick ? 2 : 5))
const KINDS = (process.env.KINDS ?? (h.quick ? 'json,fast' : 'raw,json,fast')).split(',')
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 1)
const payloads = h.args.length > 0 ? h.args : Object.keys(PLAN)
for (const p of payloads) if (!(p in PLAN)) throw new Error(`unknown payload ${p}`)

h.begin('fast-json-instructions', { quick: 30 * 60, full: 3 * 60 * 60 }, { counts: true })
const SERVER = await h.bundleServer('bench/http-adapters-server.ts', 'fj-instructions')
const dir = mkdtempSync(join(tmpdir(), 'rk-callgrind-'))
if (process.env.KEEP === '1') h.progress(`dumps kept in ${dir}`)
else process.on('exit', () => rmSync(dir, { recursive: true, force: true }))

/**
 * V8 settings that would otherwise depend on the clock: no background threads (compiler, GC),
 * a young generation at its usual maximum from the start (V8 shrinks it when allocation per
 * millisecond is low, as it is under Valgrind), and no memory reducer (a GC after idle time).
 */
const NODE_FLAGS = [
  '--single-threaded',
  '--min-semi-space-size=16',
  '--max-semi-space-size=16',
  '--no-memory-reducer',
]

const children = new Set<ChildProcess>()
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL')
})

interface Contender {
  name: string
  child: ChildProcess
  pid: number
  url: string
}

async function start(name: string): Promise<Contender> {
  const out = `--callgrind-out-file=${join(dir, `${name}.%p`)}`
  const argv = ['--tool=callgrind', out, 'node', ...NODE_FLAGS, SERVER, name]
  const child = spawn('valgrind', argv, { stdio: ['ignore', 'pipe', 'ignore'] })
  children.add(child)
  const line = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${name} exited ${code} before listening`)))
    createInterface({ input: child.stdout! }).once('line', resolve)
  })
  child.removeAllListeners('exit')
  const { port } = JSON.parse(line) as { port: number }
  return { name, child, pid: child.pid!, url: `http://127.0.0.1:${port}/` }
}

const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS })

/** One GET; resolves with the body's hash when `hash` is set. */
function request(url: string, hash: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, { agent }, (res) => {
      const digest = hash ? createHash('sha256') : undefined
      res.on('data', (chunk: Buffer) => digest?.update(chunk))
      res.on('end', () => resolve(digest?.digest('hex') ?? ''))
    }).on('error', reject)
  })
}

/** Sends `count` GETs, `CONNECTIONS` at a time; returns the hash of the first body. */
async function load(url: string, count: number): Promise<string> {
  const first = await request(url, true)
  let sent = 1
  const worker = async () => {
    while (sent < count) {
      sent++
      await request(url, false)
    }
  }
  await Promise.all(Array.from({ length: CONNECTIONS }, worker))
  return first
}

/** Sends one round of requests and returns the server's instructions per response. */
async function round(server: Contender, requests: number): Promise<number> {
  await load(server.url, requests)
  // Writes the counters to `<name>.<pid>.<n>` and zeroes them.
  execFileSync('callgrind_control', ['-d', String(server.pid)], { stdio: 'ignore' })
  const prefix = `${server.name}.${server.pid}.`
  const last = readdirSync(dir)
    .filter((f) => f.startsWith(prefix))
    .map((f) => Number(f.slice(prefix.length)))
    .reduce((a, b) => Math.max(a, b))
  const text = readFileSync(join(dir, `${prefix}${last}`), 'utf8')
  return Number(/^summary: (\d+)/m.exec(text)![1]) / requests
}

async function measure(name: string, requests: number) {
  h.progress(`${name}: starting under callgrind`)
  const server = await start(name)
  try {
    const hash = await load(server.url, 1)
    let previous = Infinity
    for (let warm = 1; ; warm++) {
      const current = await round(server, requests)
      if (Math.abs(current - previous) <= STEADY * current) break
      if (warm === MAX_WARMUP) throw new Error(`${name} did not settle in ${warm} rounds`)
      previous = current
    }
    const rounds: number[] = []
    for (let r = 0; r < ROUNDS; r++) rounds.push(await round(server, requests))
    h.progress(`${name}: ${rounds.map((x) => Math.round(x)).join(', ')}`)
    const mean = rounds.reduce((a, b) => a + b) / rounds.length
    return { hash, mean, spread: h.spread(rounds) }
  } finally {
    // Callgrind writes a last dump as it exits: wait for it, so the folder can be removed.
    const child = server.child
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    }
    children.delete(child)
  }
}

const rows: string[][] = []
for (const payload of payloads) {
  const results = new Map<string, Awaited<ReturnType<typeof measure>>>()
  for (const kind of KINDS)
    results.set(kind, await measure(`fj-${kind}-${payload}`, PLAN[payload]!))
  if (new Set([...results.values()].map((r) => r.hash)).size !== 1) {
    throw new Error(`${payload}: the contenders sent different bodies`)
  }
  const json = results.get('json')?.mean
  for (const [kind, { mean, spread }] of results) {
    const f = (x: number) => Math.round(x).toLocaleString('en-US')
    rows.push([
      `fj-${kind}-${payload}`,
      `${f(mean)} (${f(spread.min)}–${f(spread.max)})`,
      json === undefined ? '' : (json / mean).toFixed(3),
    ])
  }
}
console.log(`\nServer instructions per response (callgrind; mean (min–max) of ${ROUNDS} rounds)`)
h.table(['contender', 'instructions per response', 'json ÷ this'], rows)
h.finish()
