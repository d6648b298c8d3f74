/**
 * Compression (issue 14), over real HTTP on 127.0.0.1. Every contender is its own server process
 * (bench/compression-server.ts, bundled) pinned to core 0; curl, pinned to core 1, downloads
 * the compressed bytes as a browser would receive them. Server CPU is user + system of all its
 * threads (zlib's thread pool included) from /proc/<pid>/stat.
 *
 * 1. JSON of MB megabytes with gzip and with br: throughput and server CPU-seconds per MB for
 *    response-kit's `compression: true` against Express's `compression` middleware and Hono's
 *    `compress` (gzip only: it rides on CompressionStream, which has no br on Node).
 * 2. SSE with gzip against uncompressed `SSEResponse`: events/s, events per server CPU-second,
 *    bytes on the wire per event.
 * 3. A note, not a race: 10 events 200 ms apart through each middleware with gzip, and when
 *    each one reaches a decompressing client.
 *
 * Every contender's bytes are checked first (decoded, they equal the identity body). Rounds are
 * interleaved, the order alternating; medians with min–max.
 *
 *   npx tsx bench/compression.bench.ts            # 10 MB, 100 000 events, 7 rounds
 *   npx tsx bench/compression.bench.ts --quick    # 1 MB, 5 000 events, 5 rounds: a smoke check
 *   ROUNDS=9 MB=20 npx tsx bench/compression.bench.ts
 */
import { execFileSync } from 'node:child_process'
import { request } from 'node:http'
import { brotliDecompressSync, constants, gunzipSync } from 'node:zlib'
import * as h from './_harness'

const ROUNDS = Math.max(5, Number(process.env.ROUNDS ?? (h.quick ? 5 : 7)))
const MB = Number(process.env.MB ?? (h.quick ? 1 : 10))
/** JSON downloads per sample: the /proc CPU clock ticks every 10 ms. */
const REQUESTS = Number(process.env.REQUESTS ?? (h.quick ? 1 : 3))
const EVENTS = Number(process.env.EVENTS ?? (h.quick ? 5_000 : 100_000))

h.begin('compression.bench', { quick: 100, full: 40 * 60 })

interface Server {
  name: string
  url: string
  process: h.ServerProcess
}

const SERVER = await h.bundleServer('bench/compression-server.ts', 'compression-server')

async function start(name: string): Promise<Server> {
  const env = { ...process.env, MB: String(MB), EVENTS: String(EVENTS) }
  // ipc: the server exits when this process goes away, however it ends.
  const server = await h.startServer([SERVER, name], { env, ipc: true })
  const { port } = JSON.parse(server.line) as { port: number }
  return { name, url: `http://127.0.0.1:${port}`, process: server }
}

/** One GET with node:http (no decoding): status, headers, raw body bytes. */
function get(
  url: string,
  encoding: string
): Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { 'accept-encoding': encoding }, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }))
      res.on('error', reject)
    })
      .on('error', reject)
      .end()
  })
}

function decode(encoding: string | undefined, body: Buffer): Buffer {
  if (encoding === 'gzip') return gunzipSync(body)
  if (encoding === 'br') return brotliDecompressSync(body)
  if (encoding === undefined) return body
  throw new Error(`unexpected content-encoding ${encoding}`)
}

/** curl on core 1, no decoding: seconds and bytes downloaded. */
function curl(url: string, encoding: string): { seconds: number; bytes: number } {
  const [cmd, argv] = h.onClientCore('curl', [
    '-sS',
    '--max-time',
    '300',
    '-H',
    `accept-encoding: ${encoding}`,
    '-o',
    '/dev/null',
    '-w',
    '%{time_total} %{size_download}',
    url,
  ])
  const [seconds, bytes] = execFileSync(cmd, argv, { encoding: 'utf8' }).split(' ').map(Number)
  return { seconds: seconds!, bytes: bytes! }
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`

// --- 1. JSON ----------------------------------------------------------------------------

interface JsonSample {
  mbPerSecond: number
  cpuPerMB: number
  wireShare: number
}

const JSON_CONTENDERS: [label: string, server: string, encoding: string][] = [
  ['response-kit gzip', 'rk', 'gzip'],
  ['express + compression gzip', 'express', 'gzip'],
  ['hono + compress gzip', 'hono', 'gzip'],
  ['response-kit br', 'rk', 'br'],
  ['express + compression br', 'express', 'br'],
]

async function jsonScenario(): Promise<void> {
  const servers = new Map<string, Server>()
  for (const name of ['rk-plain', 'rk', 'express', 'hono']) servers.set(name, await start(name))
  try {
    const identity = (await get(`${servers.get('rk-plain')!.url}/json`, 'identity')).body
    const megabytes = identity.length / 1e6
    for (const [label, server, encoding] of JSON_CONTENDERS) {
      const { headers, body } = await get(`${servers.get(server)!.url}/json`, encoding)
      if (headers['content-encoding'] !== encoding) {
        throw new Error(`${label}: content-encoding ${String(headers['content-encoding'])}`)
      }
      if (!decode(encoding, body).equals(identity)) throw new Error(`${label}: different bytes`)
    }
    h.progress(`checked: every contender decodes to the same ${megabytes.toFixed(1)} MB`)

    const byLabel = new Map(JSON_CONTENDERS.map((c) => [c[0], c]))
    const samples = await h.interleave(
      JSON_CONTENDERS.map((c) => c[0]),
      ROUNDS,
      (label): JsonSample => {
        const [, server, encoding] = byLabel.get(label)!
        const { url, process: proc } = servers.get(server)!
        const before = proc.cpu()
        let seconds = 0
        let bytes = 0
        for (let i = 0; i < REQUESTS; i++) {
          const run = curl(`${url}/json`, encoding)
          seconds += run.seconds
          bytes += run.bytes
        }
        const cpu = proc.cpu() - before
        const total = megabytes * REQUESTS
        return {
          mbPerSecond: total / seconds,
          cpuPerMB: cpu / total,
          wireShare: bytes / 1e6 / total,
        }
      }
    )
    for (const encoding of ['gzip', 'br']) {
      const rows = [...samples].filter(([label]) => label.endsWith(` ${encoding}`))
      const mine = samples.get(`response-kit ${encoding}`)!
      const median = (xs: JsonSample[], pick: (s: JsonSample) => number) =>
        h.spread(xs.map(pick)).median
      console.log(
        `\n${megabytes.toFixed(1)} MB JSON, ${encoding}, curl × ${REQUESTS} per sample ` +
          `(median (min–max) of ${ROUNDS} interleaved rounds)`
      )
      h.table(
        [
          'contender',
          'MB/s',
          'rk MB/s ÷ this',
          'server CPU-ms per MB',
          'this CPU ÷ rk CPU',
          'wire size',
        ],
        rows.map(([label, xs]) => [
          label,
          h.formatSpread(h.spread(xs.map((s) => s.mbPerSecond)), 1),
          (median(mine, (s) => s.mbPerSecond) / median(xs, (s) => s.mbPerSecond)).toFixed(2),
          h.formatSpread(h.spread(xs.map((s) => s.cpuPerMB * 1000)), 1),
          (median(xs, (s) => s.cpuPerMB) / median(mine, (s) => s.cpuPerMB)).toFixed(2),
          pct(median(xs, (s) => s.wireShare)),
        ])
      )
    }
  } finally {
    for (const server of servers.values()) server.process.stop()
  }
}

// --- 2. SSE throughput ------------------------------------------------------------------

interface SseSample {
  eventsPerSecond: number
  eventsPerCpu: number
  bytesPerEvent: number
}

async function sseScenario(): Promise<void> {
  const contenders: Record<string, { server: string; encoding: string }> = {
    'SSEResponse, gzip (compression: true)': { server: 'rk', encoding: 'gzip' },
    'SSEResponse, uncompressed': { server: 'rk-plain', encoding: 'identity' },
  }
  const servers = new Map<string, Server>()
  for (const name of ['rk', 'rk-plain']) servers.set(name, await start(name))
  try {
    const texts: string[] = []
    for (const [label, { server, encoding }] of Object.entries(contenders)) {
      const { headers, body } = await get(`${servers.get(server)!.url}/sse`, encoding)
      const coding = headers['content-encoding'] as string | undefined
      if ((coding ?? 'identity') !== encoding)
        throw new Error(`${label}: content-encoding ${coding}`)
      const text = decode(coding, body).toString()
      if (text.split('\n\n').length - 1 !== EVENTS) throw new Error(`${label}: wrong event count`)
      texts.push(text)
    }
    if (texts[0] !== texts[1]) throw new Error('the gzip and plain streams differ once decoded')
    h.progress(`checked: both streams decode to the same ${EVENTS} events`)

    const samples = await h.interleave(Object.keys(contenders), ROUNDS, (label): SseSample => {
      const { server, encoding } = contenders[label]!
      const { url, process: proc } = servers.get(server)!
      const before = proc.cpu()
      const { seconds, bytes } = curl(`${url}/sse`, encoding)
      const cpu = proc.cpu() - before
      return {
        eventsPerSecond: EVENTS / seconds,
        eventsPerCpu: EVENTS / cpu,
        bytesPerEvent: bytes / EVENTS,
      }
    })
    const base = samples.get('SSEResponse, uncompressed')!
    const median = (xs: SseSample[], pick: (s: SseSample) => number) =>
      h.spread(xs.map(pick)).median
    console.log(
      `\nSSE, ${EVENTS} token events to curl (median (min–max) of ${ROUNDS} interleaved rounds)`
    )
    h.table(
      [
        'contender',
        'events/s',
        '× uncompressed',
        'events per server CPU-s',
        '× uncompressed per CPU-s',
        'wire bytes per event',
      ],
      [...samples].map(([label, xs]) => [
        label,
        h.formatSpread(h.spread(xs.map((s) => s.eventsPerSecond))),
        (median(xs, (s) => s.eventsPerSecond) / median(base, (s) => s.eventsPerSecond)).toFixed(2),
        h.formatSpread(h.spread(xs.map((s) => s.eventsPerCpu))),
        (median(xs, (s) => s.eventsPerCpu) / median(base, (s) => s.eventsPerCpu)).toFixed(2),
        median(xs, (s) => s.bytesPerEvent).toFixed(1),
      ])
    )
  } finally {
    for (const server of servers.values()) server.process.stop()
  }
}

// --- 3. Note: when do the events of a slow stream arrive? ---------------------------------

interface Arrivals {
  encoding: string
  lags: number[]
  bytes: number
}

/**
 * Reads `url` with Accept-Encoding: gzip, decoding as it goes; for each complete event, the
 * time it could be read minus the server's `sentAt` in it (one machine, one clock).
 */
function arrivals(url: string): Promise<Arrivals> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { 'accept-encoding': 'gzip' }, agent: false }, (res) => {
      const encoding = (res.headers['content-encoding'] as string | undefined) ?? 'none'
      const lags: number[] = []
      let raw = Buffer.alloc(0)
      res.on('data', (chunk: Buffer) => {
        const now = Date.now()
        raw = Buffer.concat([raw, chunk])
        const text =
          encoding === 'gzip'
            ? gunzipSync(raw, { finishFlush: constants.Z_SYNC_FLUSH }).toString()
            : raw.toString()
        const events = text.split('\n\n').slice(0, -1)
        for (const event of events.slice(lags.length)) {
          const data = /^data: (.*)$/m.exec(event)![1]!
          lags.push(now - (JSON.parse(data) as { sentAt: number }).sentAt)
        }
      })
      res.on('end', () => resolve({ encoding, lags, bytes: raw.length }))
      res.on('error', reject)
    })
      .on('error', reject)
      .end()
  })
}

async function slowStreamNote(): Promise<void> {
  const contenders: [label: string, server: string, path: string][] = [
    ['response-kit, compression: true', 'rk', '/slow-sse'],
    ['Express + compression(), no res.flush()', 'express', '/slow-sse'],
    ['Express + compression(), res.flush() per event', 'express', '/slow-sse-flush'],
    ['Hono + compress() (streamSSE)', 'hono', '/slow-sse'],
  ]
  const servers = new Map<string, Server>()
  for (const name of ['rk', 'express', 'hono']) servers.set(name, await start(name))
  try {
    // A fresh process pays for its first zlib use and its first compressed stream (thread
    // pool, allocation, compilation) on event 1: warm each up first (response-kit's streaming
    // path with its fast /sse), so the note shows the streams themselves.
    for (const server of servers.values()) await get(`${server.url}/json`, 'gzip')
    await get(`${servers.get('rk')!.url}/sse`, 'gzip')
    const rows: string[][] = []
    for (const [label, server, path] of contenders) {
      const { encoding, lags, bytes } = await arrivals(`${servers.get(server)!.url}${path}`)
      if (lags.length !== 10) throw new Error(`${label}: ${lags.length} events, not 10`)
      const spread = h.spread(lags)
      rows.push([
        label,
        encoding,
        String(lags[0]),
        String(spread.median),
        String(spread.max),
        String(bytes),
      ])
      h.progress(`note: ${label} done`)
    }
    console.log('\nNote: 10 events 200 ms apart, Accept-Encoding: gzip, one run each')
    h.table(
      [
        'server',
        'content-encoding',
        'event 1 late by (ms)',
        'median late by (ms)',
        'most late by (ms)',
        'wire bytes',
      ],
      rows
    )
  } finally {
    for (const server of servers.values()) server.process.stop()
  }
}

h.progress('scenario json')
await jsonScenario()
h.progress('scenario sse')
await sseScenario()
h.progress('scenario slow-stream note')
await slowStreamNote()
h.finish()
