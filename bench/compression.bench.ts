/**
 * Compression benchmark (issue 14). A 10 MB JSON body with gzip and with br: throughput and
 * server CPU-seconds per MB for response-kit's `compression` option, Express's `compression`
 * and Hono's `compress` (gzip only: it rides on CompressionStream, which has no br in Node).
 * SSE with gzip against uncompressed `SSEResponse`: events/s and bytes on the wire per event.
 * Servers run in their own process (bench/compression-server.ts); every contender's bytes are
 * checked first; rounds are interleaved; medians are reported. `--quick`: 1 MB, 200 events,
 * one round (a smoke check of the bench, not figures).
 *
 * Run: `npm run bench -- compression` or `npx tsx bench/compression.bench.ts [--quick]`.
 */
import { spawn } from 'node:child_process'
import { request } from 'node:http'
import { createInterface } from 'node:readline'
import { brotliDecompressSync, createGunzip, gunzipSync } from 'node:zlib'

const QUICK = process.argv.includes('--quick')
const MB = QUICK ? 1 : 10
const EVENTS = QUICK ? 200 : 5000
const ROUNDS = QUICK ? 1 : 5

interface Ports extends Record<string, number> {
  bytes: number
}

const child = spawn(
  process.execPath,
  ['--import', 'tsx', 'bench/compression-server.ts', String(MB), String(EVENTS)],
  { stdio: ['ignore', 'pipe', 'inherit'] }
)
const ports: Ports = await new Promise((resolve, reject) => {
  createInterface({ input: child.stdout! }).once('line', (line) => resolve(JSON.parse(line)))
  child.once('exit', (code) => reject(new Error(`server exited with ${code}`)))
})

function get(
  port: number,
  path: string,
  encoding: string
): Promise<{ body: Buffer; ms: number; headers: Record<string, unknown> }> {
  const start = performance.now()
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, headers: { 'accept-encoding': encoding } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () =>
        resolve({
          body: Buffer.concat(chunks),
          ms: performance.now() - start,
          headers: res.headers,
        })
      )
      res.on('error', reject)
    })
      .on('error', reject)
      .end()
  })
}

async function cpuSeconds(port: number): Promise<number> {
  const { body } = await get(port, '/cpu', 'identity')
  return (JSON.parse(body.toString()) as { seconds: number }).seconds
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

const JSON_CONTENDERS: [string, string[]][] = [
  ['response-kit', ['gzip', 'br']],
  ['express + compression', ['gzip', 'br']],
  ['hono + compress', ['gzip']],
]

// Same bytes first.
let reference: string | undefined
for (const [name, codings] of JSON_CONTENDERS) {
  for (const coding of codings) {
    const { body, headers } = await get(ports[name]!, '/json', coding)
    if (headers['content-encoding'] !== coding) throw new Error(`${name} did not answer ${coding}`)
    const text = (coding === 'br' ? brotliDecompressSync(body) : gunzipSync(body)).toString()
    reference ??= text
    if (text !== reference) throw new Error(`${name} ${coding} sent different bytes`)
  }
}
console.log(`checked: every contender decodes to the same ${(ports.bytes / 1e6).toFixed(1)} MB`)

const samples = new Map<string, { mbps: number; cpuPerMB: number; ratio: number }[]>()
for (let round = 1; round <= ROUNDS; round++) {
  for (const [name, codings] of JSON_CONTENDERS) {
    for (const coding of codings) {
      const port = ports[name]!
      const before = await cpuSeconds(port)
      const { body, ms } = await get(port, '/json', coding)
      const cpu = (await cpuSeconds(port)) - before
      const mb = ports.bytes / 1e6
      const key = `${name} ${coding}`
      if (!samples.has(key)) samples.set(key, [])
      samples
        .get(key)!
        .push({ mbps: mb / (ms / 1000), cpuPerMB: cpu / mb, ratio: ports.bytes / body.length })
    }
  }
  console.log(`round ${round}/${ROUNDS} done`)
}

console.log(`\n${MB} MB JSON (medians of ${ROUNDS} interleaved rounds)`)
console.log('| contender | MB/s | × peer | server CPU-s per MB | ratio |')
console.log('| --- | ---: | ---: | ---: | ---: |')
for (const [key, rows] of samples) {
  const coding = key.split(' ').at(-1)!
  const mine = samples.get(`response-kit ${coding}`)!
  const mbps = median(rows.map((r) => r.mbps))
  const rel = median(mine.map((r) => r.mbps)) / mbps
  console.log(
    `| ${key} | ${mbps.toFixed(1)} | ${key.startsWith('response-kit') ? '' : `${rel.toFixed(2)}× rk`} | ${median(rows.map((r) => r.cpuPerMB)).toFixed(4)} | ${median(rows.map((r) => r.ratio)).toFixed(1)}× |`
  )
}

/** Reads an SSE stream: events/s and wire bytes per event (decompressing when gzip). */
async function sse(
  port: number,
  coding: string
): Promise<{ eventsPerSecond: number; bytesPerEvent: number }> {
  const { body, ms } = await get(port, '/sse', coding)
  const text = coding === 'gzip' ? gunzipSync(body).toString() : body.toString()
  const count = text.split('\n\n').length - 1
  if (count !== EVENTS) throw new Error(`expected ${EVENTS} events, got ${count}`)
  return { eventsPerSecond: count / (ms / 1000), bytesPerEvent: body.length / count }
}
void createGunzip

const sseSamples: Record<string, { eventsPerSecond: number; bytesPerEvent: number }[]> = {
  'SSEResponse gzip (compression option)': [],
  'SSEResponse uncompressed': [],
}
for (let round = 1; round <= ROUNDS; round++) {
  sseSamples['SSEResponse gzip (compression option)']!.push(
    await sse(ports['response-kit']!, 'gzip')
  )
  sseSamples['SSEResponse uncompressed']!.push(
    await sse(ports['response-kit (no compression)']!, 'identity')
  )
  console.log(`sse round ${round}/${ROUNDS} done`)
}
console.log(`\nSSE, ${EVENTS} events as fast as the client reads (medians of ${ROUNDS} rounds)`)
console.log('| contender | events/s | × uncompressed | wire bytes per event |')
console.log('| --- | ---: | ---: | ---: |')
const plain = median(sseSamples['SSEResponse uncompressed']!.map((s) => s.eventsPerSecond))
for (const [name, rows] of Object.entries(sseSamples)) {
  const eps = median(rows.map((s) => s.eventsPerSecond))
  console.log(
    `| ${name} | ${eps.toFixed(0)} | ${(eps / plain).toFixed(2)}× | ${median(rows.map((s) => s.bytesPerEvent)).toFixed(1)} |`
  )
}
child.kill('SIGTERM')
