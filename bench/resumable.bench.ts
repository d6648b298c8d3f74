/**
 * Resumable streams: response-kit's resumableStream (memory and Redis stores) against a plain
 * SSEResponse and against the `resumable-stream` package on the same Redis, interleaved
 * round by round; the servers run in their own processes (bench/resumable-server.ts) so that
 * work is divided by the SERVER's CPU time. Prints, per contender:
 *   - tokens per second (wall) and tokens per server CPU-second, and the ratio to plain SSE;
 *   - Redis commands per 1,000 tokens (INFO stats, each command is one round trip or less);
 *   - reconnect to first replayed event, p50 and p99;
 *   - fan-out: one broadcast to many SSE connections over 2 instances: delivery p50/p99 and
 *     server memory per connection.
 * Starts its own redis-server (/usr/bin/redis-server, persistence off) and stops it.
 *
 *   npx tsx bench/resumable.bench.ts            (TOKENS=20000 ROUNDS=5 FANOUT=10000)
 *   npx tsx bench/resumable.bench.ts --quick    (a small run that only checks it works)
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { createParser } from 'eventsource-parser'
import { createClient } from 'redis'
import { Agent, fetch } from 'undici'
import { startRedis } from '../tests/helpers/redis'

const QUICK = process.argv.includes('--quick')
const TOKENS = Number(process.env.TOKENS ?? (QUICK ? 2000 : 20_000))
const ROUNDS = Number(process.env.ROUNDS ?? (QUICK ? 2 : 5))
const RECONNECTS = QUICK ? 20 : 200
const FANOUT = Number(process.env.FANOUT ?? (QUICK ? 200 : 10_000))
const CONTENDERS = ['plain', 'memory', 'redis', 'peer'] as const
const SERVER = fileURLToPath(new URL('./resumable-server.ts', import.meta.url))
const agent = new Agent({ connections: null })

function startServer(redisUrl: string): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', SERVER], {
    env: { ...process.env, REDIS_URL: redisUrl, NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(chunk.toString())
      if (match) resolve({ url: match[0], stop: () => child.kill('SIGTERM') })
    })
  })
}

const number = async (url: string) => Number(await (await fetch(url, { dispatcher: agent })).text())
let ids = 0

/** Streams one answer; resolves the message count, data text and ms to the first event. */
async function stream(url: string, headers: Record<string, string> = {}) {
  const start = performance.now()
  let first = 0
  let count = 0
  let text = ''
  const parser = createParser({
    onEvent(event) {
      if (first === 0) first = performance.now() - start
      if (event.event === undefined) {
        count++
        text += event.data
      }
    },
  })
  const res = await fetch(url, { headers, dispatcher: agent })
  const decoder = new TextDecoder()
  for await (const chunk of res.body!) parser.feed(decoder.decode(chunk, { stream: true }))
  return { count, text, first, status: res.status }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!

async function main(): Promise<void> {
  const redis = await startRedis()
  const admin = await createClient({ url: redis.url }).connect()
  /** Calls per command name (INFO commandstats counts the commands run inside scripts too). */
  const commandStats = async () => {
    const calls = new Map<string, number>()
    for (const m of (await admin.info('commandstats')).matchAll(/cmdstat_([^:]+):calls=(\d+)/g)) {
      calls.set(m[1]!, Number(m[2]))
    }
    return calls
  }
  /**
   * Round trips a contender made: response-kit sends only EVAL, XREAD, XRANGE and XREVRANGE
   * (every other command runs inside its scripts); resumable-stream uses no scripts, so each of
   * its commands is one round trip (or less, when node-redis pipelines them).
   */
  const roundTrips = (name: string, before: Map<string, number>, after: Map<string, number>) => {
    let sum = 0
    for (const [cmd, calls] of after) {
      if (cmd === 'info') continue
      const own = ['eval', 'xread', 'xrange', 'xrevrange'].includes(cmd)
      if (name === 'peer' || own) sum += calls - (before.get(cmd) ?? 0)
    }
    return sum
  }
  const [a, b] = await Promise.all([startServer(redis.url), startServer(redis.url)])
  try {
    console.log(`tokens per stream ${TOKENS}, rounds ${ROUNDS}${QUICK ? ' (quick)' : ''}`)
    // Same answer from everyone before timing anything.
    const want = Array.from({ length: 50 }, (_, i) => `t${i} `).join('')
    for (const name of CONTENDERS) {
      const got = await stream(`${a.url}/${name}?n=50&id=check-${name}`)
      if (got.text !== want)
        throw new Error(`${name} sent ${JSON.stringify(got.text.slice(0, 80))}`)
    }
    const results = new Map(
      CONTENDERS.map((name) => [
        name,
        { tps: [] as number[], cpu: [] as number[], cmds: [] as number[] },
      ])
    )
    for (let round = 1; round <= ROUNDS; round++) {
      for (const name of CONTENDERS) {
        const cpu0 = await number(`${a.url}/cpu`)
        const cmd0 = await commandStats()
        const t0 = performance.now()
        const got = await stream(`${a.url}/${name}?n=${TOKENS}&id=${name}-${++ids}`)
        const wall = (performance.now() - t0) / 1000
        const cpu = ((await number(`${a.url}/cpu`)) - cpu0) / 1e6
        const cmds = roundTrips(name, cmd0, await commandStats())
        if (got.count !== TOKENS) throw new Error(`${name}: ${got.count} of ${TOKENS} tokens`)
        const r = results.get(name)!
        r.tps.push(TOKENS / wall)
        r.cpu.push(TOKENS / cpu)
        r.cmds.push((cmds / TOKENS) * 1000)
      }
      console.log(`round ${round}/${ROUNDS} done`)
    }
    const base = median(results.get('plain')!.cpu)
    console.log(
      '\ncontender | tokens/s | tokens/server-CPU-s | ratio to plain | Redis round trips per 1,000 tokens'
    )
    for (const [name, r] of results) {
      const cpu = median(r.cpu)
      console.log(
        `${name} | ${median(r.tps).toFixed(0)} | ${cpu.toFixed(0)} | ${(cpu / base).toFixed(2)}x | ${median(r.cmds).toFixed(1)}`
      )
    }

    // Reconnect to the first replayed event: a finished stream, resumed half-way, on B.
    console.log(
      '\nreconnect to first replayed event (finished stream, resumed half-way on instance B)'
    )
    for (const name of ['memory', 'redis'] as const) {
      const id = `re-${name}-${++ids}`
      // The memory store is per process: resume where it was made.
      await stream(`${a.url}/${name}?n=${TOKENS}&id=${id}`)
      const on = name === 'memory' ? a.url : b.url
      const times: number[] = []
      for (let i = 0; i < RECONNECTS; i++) {
        const got = await stream(`${on}/${name}?id=${id}`, { 'last-event-id': String(TOKENS / 2) })
        times.push(got.first)
      }
      console.log(
        `${name} | p50 ${pct(times, 0.5).toFixed(2)} ms | p99 ${pct(times, 0.99).toFixed(2)} ms`
      )
    }
    console.log(
      'peer | n/a: resumable-stream resumes only while its producer runs, from its memory'
    )

    // Fan-out: FANOUT subscribers over A and B, one broadcast, time to each delivery.
    console.log(`\nfan-out: one broadcast to ${FANOUT} SSE connections on 2 instances`)
    const rss0 = (await number(`${a.url}/mem`)) + (await number(`${b.url}/mem`))
    const arrivals: Promise<number>[] = []
    const ready: Promise<unknown>[] = []
    for (let i = 0; i < FANOUT; i++) {
      const base = i % 2 ? b.url : a.url
      const res = fetch(`${base}/channel`, { dispatcher: agent })
      ready.push(res)
      arrivals.push(
        res.then(async (r) => {
          const decoder = new TextDecoder()
          for await (const chunk of r.body!) {
            if (decoder.decode(chunk, { stream: true }).includes('data:')) {
              const at = performance.now()
              void r.body!.cancel().catch(() => {})
              return at
            }
          }
          return NaN
        })
      )
      if (i % 1000 === 999) console.log(`${i + 1} connected`)
    }
    await Promise.all(ready)
    const rss1 = (await number(`${a.url}/mem`)) + (await number(`${b.url}/mem`))
    const sent = performance.now()
    await number(`${a.url}/broadcast?data=hello`)
    const delays = (await Promise.all(arrivals)).map((t) => t - sent)
    console.log(
      `delivery p50 ${pct(delays, 0.5).toFixed(1)} ms, p99 ${pct(delays, 0.99).toFixed(1)} ms; ` +
        `server memory ${((rss1 - rss0) / FANOUT / 1024).toFixed(1)} KiB per connection`
    )
    console.log('peer | n/a: resumable-stream has no broadcast')
  } finally {
    a.stop()
    b.stop()
    await agent.close()
    admin.destroy()
    await redis.stop()
  }
}

await main()
