/**
 * The adapter benchmarks of issue 3, side by side in one run, over real HTTP on 127.0.0.1.
 * Every server is its own process pinned to core 0 (`taskset -c 0`); the load generator (wrk,
 * curl) runs on core 1. Each scenario first checks that all contenders send the same body,
 * then interleaves rounds and reports medians and ratios against raw `node:http`.
 *
 *   npx tsx bench/http-adapters.bench.ts            # all scenarios
 *   ROUNDS=5 DURATION=5s npx tsx bench/http-adapters.bench.ts json express sse idle
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { get, type ClientRequest } from 'node:http'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { build } from 'esbuild'

const ROUNDS = Number(process.env.ROUNDS ?? 3)
const DURATION = process.env.DURATION ?? '5s'
const CONNECTIONS = process.env.CONNECTIONS ?? '32'
const EVENTS = Number(process.env.EVENTS ?? 100_000)
const IDLE = Number(process.env.IDLE ?? 2000)
const wanted = process.argv.slice(2)

interface Server {
  name: string
  url: string
  child: ChildProcess
  rss(): Promise<number>
  /** CPU seconds (user + system) the server process has used so far. */
  cpu(): Promise<number>
}

/** One measurement: the rate the client saw, and work done per CPU-second of the server. */
interface Sample {
  rate: number
  perCpu: number
}

/**
 * The servers run from one esbuild bundle (dependencies external, as in an app that installed
 * the package): no tsx loader and no keepNames wrappers in anyone's hot path.
 */
// Inside the repository, so bare imports resolve from its node_modules.
const SERVER = join('node_modules', '.cache', `rk-http-adapters-server-${process.pid}.mjs`)
await build({
  entryPoints: ['bench/http-adapters-server.ts'],
  outfile: SERVER,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'error',
})
process.on('exit', () => rmSync(SERVER, { force: true }))

async function start(name: string): Promise<Server> {
  const child = spawn('taskset', ['-c', '0', process.execPath, '--expose-gc', SERVER, name], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    env: { ...process.env, EVENTS: String(EVENTS) },
  })
  const line = await new Promise<string>((resolve) =>
    createInterface({ input: child.stdout! }).once('line', resolve)
  )
  const { port } = JSON.parse(line) as { port: number }
  const ask = <K extends 'rss' | 'cpu'>(key: K, message: string) =>
    new Promise<number>((resolve) => {
      child.once('message', (m) => resolve((m as Record<K, number>)[key]))
      child.send(message)
    })
  return {
    name,
    url: `http://127.0.0.1:${port}/`,
    child,
    rss: () => ask('rss', 'stats'),
    cpu: () => ask('cpu', 'cpu'),
  }
}

function stop(servers: Server[]): void {
  for (const server of servers) server.child.kill('SIGTERM')
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function sameBody(servers: Server[]): Promise<void> {
  const bodies = await Promise.all(
    servers.map(async (s) => {
      const res = await fetch(s.url)
      const type = (res.headers.get('content-type') ?? '').split(';')[0]
      const hash = createHash('sha256')
        .update(Buffer.from(await res.arrayBuffer()))
        .digest('hex')
      return `${type} ${hash}`
    })
  )
  for (const [i, body] of bodies.entries()) {
    if (body !== bodies[0]) throw new Error(`${servers[i]!.name} sends ${body}, not ${bodies[0]}`)
  }
}

/** wrk against `url`: requests per second, and the request count. */
function wrk(url: string): { rate: number; count: number } {
  const out = execFileSync(
    'taskset',
    ['-c', '1', 'wrk', '-t1', `-c${CONNECTIONS}`, `-d${DURATION}`, url],
    { encoding: 'utf8' }
  )
  const rate = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)![1])
  const count = Number(/(\d+) requests in/.exec(out)![1])
  return { rate, count }
}

/** curl reading the whole SSE stream: events per second, and the event count. */
function curl(url: string): { rate: number; count: number } {
  const out = execFileSync(
    'taskset',
    ['-c', '1', 'curl', '-sN', '-o', '/dev/null', '-w', '%{time_total}', url],
    { encoding: 'utf8' }
  )
  return { rate: EVENTS / Number(out), count: EVENTS }
}

/** Runs `load` against `server`, and divides the work by the server's CPU time. */
async function measure(server: Server, load: typeof wrk): Promise<Sample> {
  const before = await server.cpu()
  const { rate, count } = load(server.url)
  const used = (await server.cpu()) - before
  return { rate, perCpu: count / used }
}

/** Rounds of `load` over every server, interleaved; returns the samples per server. */
async function rounds(servers: Server[], load: typeof wrk): Promise<Map<string, Sample[]>> {
  const samples = new Map(servers.map((s) => [s.name, [] as Sample[]]))
  for (const s of servers) await measure(s, load) // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    for (const s of servers) samples.get(s.name)!.push(await measure(s, load))
  }
  return samples
}

function report(title: string, unit: string, samples: Map<string, Sample[]>, base: string) {
  const rate = (name: string) => median(samples.get(name)!.map((x) => x.rate))
  const perCpu = (name: string) => median(samples.get(name)!.map((x) => x.perCpu))
  console.log(`\n${title} (medians of ${ROUNDS} interleaved rounds)`)
  console.log(
    `| contender | ${unit} | × ${base} | ${unit} per server CPU-s | × ${base} | rounds (${unit}) |`
  )
  console.log('|---|---:|---:|---:|---:|---|')
  for (const [name, xs] of samples) {
    const list = xs.map((x) => Math.round(x.rate)).join(', ')
    console.log(
      `| ${name} | ${Math.round(rate(name))} | ${(rate(name) / rate(base)).toFixed(2)} | ` +
        `${Math.round(perCpu(name))} | ${(perCpu(name) / perCpu(base)).toFixed(2)} | ${list} |`
    )
  }
}

function reportBytes(title: string, samples: Map<string, number[]>, base: string) {
  const baseline = median(samples.get(base)!)
  console.log(`\n${title} (medians of ${ROUNDS})`)
  console.log(`| contender | bytes per connection | × ${base} | rounds |`)
  console.log('|---|---:|---:|---|')
  for (const [name, xs] of samples) {
    const m = median(xs)
    const list = xs.map((x) => Math.round(x)).join(', ')
    console.log(`| ${name} | ${Math.round(m)} | ${(m / baseline).toFixed(2)} | ${list} |`)
  }
}

async function throughput(names: string[], title: string, base: string, sse = false) {
  const servers = await Promise.all(names.map(start))
  try {
    await sameBody(servers)
    const samples = await rounds(servers, sse ? curl : wrk)
    report(title, sse ? 'events/s' : 'req/s', samples, base)
  } finally {
    stop(servers)
  }
}

/** Opens `IDLE` SSE connections and returns the server's RSS growth per connection. */
async function idleBytesPerConnection(name: string): Promise<number> {
  const [server] = await Promise.all([start(name)])
  const s = server!
  try {
    const open: ClientRequest[] = []
    const before = await s.rss()
    for (let i = 0; i < IDLE; i += 100) {
      await Promise.all(
        Array.from(
          { length: Math.min(100, IDLE - i) },
          () =>
            new Promise<void>((resolve, reject) => {
              const req = get(s.url, { agent: false }, (res) => res.once('data', () => resolve()))
              req.on('error', reject)
              open.push(req)
            })
        )
      )
    }
    const after = await s.rss()
    for (const req of open) req.destroy()
    return (after - before) / IDLE
  } finally {
    stop([s])
  }
}

async function idle(): Promise<void> {
  const names = ['idle-raw', 'idle-response-kit']
  const samples = new Map(names.map((n) => [n, [] as number[]]))
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of names) samples.get(name)!.push(await idleBytesPerConnection(name))
  }
  reportBytes(`Memory per idle SSE connection (${IDLE} open), RSS after GC`, samples, 'idle-raw')
}

const scenarios: Record<string, () => Promise<void>> = {
  json: () =>
    throughput(
      ['json-raw', 'json-fastify', 'json-hono', 'json-response-kit', 'json-native-response'],
      `Small JSON, wrk -t1 -c${CONNECTIONS} -d${DURATION}`,
      'json-raw'
    ),
  express: () =>
    throughput(
      ['json-raw', 'express-res-json', 'express-response-kit'],
      `Express 5 app, wrk -t1 -c${CONNECTIONS} -d${DURATION}`,
      'express-res-json'
    ),
  express4: () =>
    throughput(
      ['json-raw', 'express4-res-json', 'express4-response-kit'],
      `Express 4 app, wrk -t1 -c${CONNECTIONS} -d${DURATION}`,
      'express4-res-json'
    ),
  sse: () =>
    throughput(['sse-raw', 'sse-response-kit'], `SSE, ${EVENTS} events to curl`, 'sse-raw', true),
  idle,
}

console.log(
  `Node ${process.version}, ${new Date().toISOString()}, load ${execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).trim()}`
)
for (const [name, run] of Object.entries(scenarios)) {
  if (wanted.length === 0 || wanted.includes(name)) await run()
}
