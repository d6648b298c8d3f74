/**
 * The adapter benchmarks of issues 3 and 11, side by side in one run, over real HTTP on
 * 127.0.0.1. Every server is its own process pinned to core 0 (`taskset -c 0`); the load
 * generator (wrk, curl) runs on core 1. Each scenario first checks that all contenders send the
 * same body, then runs one warm-up and interleaved rounds (order alternating) and reports the
 * median and min–max of the client's rate and of the work per server CPU-second (user + system
 * from /proc/<pid>/stat), with ratios against the scenario's baseline taken round by round
 * (each round's ratio to the baseline in the same round, then their median and min–max), per
 * CPU-second and per user-mode CPU-second, and the system share of the server's time.
 *
 *   npx tsx bench/http-adapters.bench.ts            # all scenarios, 7 rounds of 3 s
 *   ROUNDS=9 DURATION=5s npx tsx bench/http-adapters.bench.ts json fast-json
 *   npx tsx bench/http-adapters.bench.ts --quick    # smoke check: json, fast-json-small, sse
 *
 *   SERVER_NODE=.runtimes/node_modules/node24/bin/node npx tsx bench/http-adapters.bench.ts fast-json
 *                                                   # the servers on another Node
 *
 * Scenarios: json, express, express4, sse, idle, fast-json (all five payloads), or one payload:
 * fast-json-small, fast-json-chat, fast-json-list, fast-json-embedding, fast-json-embeddings100.
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { get, type ClientRequest } from 'node:http'
import * as h from './_harness'

const ROUNDS = Math.max(5, Number(process.env.ROUNDS ?? (h.quick ? 5 : 7)))
const DURATION = process.env.DURATION ?? (h.quick ? '1s' : '3s')
const CONNECTIONS = process.env.CONNECTIONS ?? '32'
const EVENTS = Number(process.env.EVENTS ?? (h.quick ? 20_000 : 100_000))
const IDLE = Number(process.env.IDLE ?? (h.quick ? 300 : 2000))
/** The Node binary that runs the servers (default: this one), e.g. Node 24 from .runtimes. */
const SERVER_NODE = process.env.SERVER_NODE
const wanted = h.args.length > 0 ? h.args : h.quick ? ['json', 'fast-json-small', 'sse'] : []

h.begin('http-adapters.bench', { quick: 100, full: 60 * 60 })
if (SERVER_NODE !== undefined) {
  h.progress(`servers on ${execFileSync(SERVER_NODE, ['--version']).toString().trim()}`)
}

interface Server {
  name: string
  url: string
  process: h.ServerProcess
  rss(): Promise<number>
}

/**
 * One measurement: the rate the client saw, work done per CPU-second of the server, the same
 * per user-mode CPU-second (the part the library's code runs in; system time is mostly the
 * socket, the same for every contender), and the system share of the server's CPU time.
 */
interface Sample {
  rate: number
  perCpu: number
  perUser: number
  systemShare: number
}

/**
 * The servers run from one esbuild bundle (dependencies external, as in an app that installed
 * the package): no tsx loader and no keepNames wrappers in anyone's hot path.
 */
// Inside the repository, so bare imports resolve from its node_modules.
const SERVER = await h.bundleServer('bench/http-adapters-server.ts', 'http-adapters-server')

async function start(name: string): Promise<Server> {
  const server = await h.startServer(['--expose-gc', SERVER, name], {
    ipc: true,
    ...(SERVER_NODE === undefined ? {} : { program: SERVER_NODE }),
    env: { ...process.env, EVENTS: String(EVENTS) },
  })
  const { port } = JSON.parse(server.line) as { port: number }
  const rss = () =>
    new Promise<number>((resolve) => {
      server.child.once('message', (m) => resolve((m as { rss: number }).rss))
      server.child.send('stats')
    })
  return { name, url: `http://127.0.0.1:${port}/`, process: server, rss }
}

function stop(servers: Server[]): void {
  for (const server of servers) server.process.stop()
}

const median = (xs: number[]) => h.spread(xs).median

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
  const [cmd, argv] = h.onClientCore('wrk', [
    '-t1',
    `-c${CONNECTIONS}`,
    `-d${DURATION}`,
    '--timeout',
    '10s',
    url,
  ])
  const out = execFileSync(cmd, argv, { encoding: 'utf8', timeout: 120_000 })
  const rate = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)![1])
  const count = Number(/(\d+) requests in/.exec(out)![1])
  return { rate, count }
}

/** curl reading the whole SSE stream: events per second, and the event count. */
function curl(url: string): { rate: number; count: number } {
  const [cmd, argv] = h.onClientCore('curl', [
    '-sN',
    '--max-time',
    '120',
    '-o',
    '/dev/null',
    '-w',
    '%{time_total}',
    url,
  ])
  const out = execFileSync(cmd, argv, { encoding: 'utf8' })
  return { rate: EVENTS / Number(out), count: EVENTS }
}

/** Runs `load` against `server`, and divides the work by the server's CPU time. */
function measure(server: Server, load: typeof wrk): Sample {
  const before = server.process.cpuTimes()
  const { rate, count } = load(server.url)
  const after = server.process.cpuTimes()
  const user = after.user - before.user
  const used = user + after.system - before.system
  return { rate, perCpu: count / used, perUser: count / user, systemShare: 1 - user / used }
}

/** Rounds of `load` over every server, interleaved; returns the samples per server. */
function rounds(servers: Server[], load: typeof wrk): Promise<Map<string, Sample[]>> {
  const byName = new Map(servers.map((s) => [s.name, s]))
  return h.interleave(
    servers.map((s) => s.name),
    ROUNDS,
    (name) => measure(byName.get(name)!, load)
  )
}

function report(title: string, unit: string, samples: Map<string, Sample[]>, base: string) {
  const rate = (name: string) => h.spread(samples.get(name)!.map((x) => x.rate))
  const perCpu = (name: string) => h.spread(samples.get(name)!.map((x) => x.perCpu))
  const system = (name: string) => h.spread(samples.get(name)!.map((x) => x.systemShare))
  // Each round's ratio to the baseline measured in the same round, so a drift of the machine
  // between rounds cancels; their median and min–max.
  const paired = (name: string, key: 'perCpu' | 'perUser') =>
    h.formatSpread(
      h.spread(samples.get(name)!.map((x, round) => x[key] / samples.get(base)![round]![key])),
      2
    )
  console.log(`\n${title} (median (min–max) of ${ROUNDS} interleaved rounds)`)
  h.table(
    [
      'contender',
      unit,
      `× ${base}`,
      `${unit} per server CPU-s`,
      `× ${base} per CPU-s, paired by round`,
      `× ${base} per user CPU-s, paired`,
      'system share',
    ],
    [...samples.keys()].map((name) => [
      name,
      h.formatSpread(rate(name)),
      (rate(name).median / rate(base).median).toFixed(2),
      h.formatSpread(perCpu(name)),
      paired(name, 'perCpu'),
      paired(name, 'perUser'),
      `${(system(name).median * 100).toFixed(0)} %`,
    ])
  )
}

function reportBytes(title: string, samples: Map<string, number[]>, base: string) {
  const baseline = median(samples.get(base)!)
  console.log(`\n${title} (median (min–max) of ${ROUNDS} interleaved rounds)`)
  h.table(
    ['contender', 'bytes per connection', `× ${base}`],
    [...samples].map(([name, xs]) => [
      name,
      h.formatSpread(h.spread(xs)),
      (median(xs) / baseline).toFixed(2),
    ])
  )
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
  const samples = await h.interleave(names, ROUNDS, idleBytesPerConnection, false)
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
const FJ = ['small', 'chat', 'list', 'embedding', 'embeddings100']
for (const payload of FJ) {
  scenarios[`fast-json-${payload}`] = () =>
    throughput(
      ['raw', 'json', 'fast', 'compiled'].map((kind) => `fj-${kind}-${payload}`),
      `FastJSON, ${payload} payload, wrk -t1 -c${CONNECTIONS} -d${DURATION}`,
      `fj-json-${payload}`
    )
}
scenarios['fast-json'] = async () => {
  for (const payload of FJ) await scenarios[`fast-json-${payload}`]!()
}

for (const name of wanted) if (!(name in scenarios)) throw new Error(`unknown scenario ${name}`)
for (const [name, run] of Object.entries(scenarios)) {
  if (name.startsWith('fast-json-') && wanted.length === 0) continue // run by 'fast-json'
  if (wanted.length === 0 || wanted.includes(name)) {
    h.progress(`scenario ${name}`)
    await run()
  }
}
h.finish()
