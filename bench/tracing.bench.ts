/**
 * The cost of tracing in the Node writer: small JSON responses per second and SSE events per
 * second over real HTTP on 127.0.0.1, with no diagnostics subscriber (tracing off: the writer
 * checks `hasSubscribers` once per response and makes no trace) against a no-op subscriber on
 * every `response-kit:response:*` channel. Rounds alternate off/on in one process; the medians
 * and the on/off ratio are printed.
 *
 *   npx tsx bench/tracing.bench.ts             (REQUESTS=20000 EVENTS=200000 ROUNDS=5)
 *   QUICK=1 npx tsx bench/tracing.bench.ts     (a few requests: checks that it runs, no figures)
 */
import diagnostics from 'node:diagnostics_channel'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Agent, request } from 'undici'
import { diagnosticsChannels, toNodeListener } from '../src/adapters/node'
import { JSONResponse, SSEResponse } from '../src/index'

const QUICK = process.env.QUICK === '1'
const REQUESTS = Number(process.env.REQUESTS ?? (QUICK ? 200 : 20_000))
const EVENTS = Number(process.env.EVENTS ?? (QUICK ? 2_000 : 200_000))
const ROUNDS = Number(process.env.ROUNDS ?? (QUICK ? 1 : 5))
const CONCURRENCY = 16

async function* events(n: number) {
  for (let i = 0; i < n; i++) yield { event: 'tick', id: String(i), data: '{"n":1}' }
}

const server = createServer(
  toNodeListener((req) =>
    req.url.endsWith('/sse')
      ? new SSEResponse(events(EVENTS))
      : new JSONResponse({ id: 1, name: 'small', tags: ['a', 'b'], active: true })
  )
)
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
const dispatcher = new Agent({ connections: CONCURRENCY, pipelining: 1 })

async function json(): Promise<number> {
  let left = REQUESTS
  const started = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (left-- > 0) {
        const { body } = await request(`${base}/json`, { dispatcher })
        await body.text()
      }
    })
  )
  return REQUESTS / ((performance.now() - started) / 1000)
}

async function sse(): Promise<number> {
  const started = performance.now()
  const { body } = await request(`${base}/sse`, { dispatcher })
  const text = await body.text()
  if (!text.endsWith('data: {"n":1}\n\n')) throw new Error('SSE body incomplete')
  return EVENTS / ((performance.now() - started) / 1000)
}

const noop = () => {}
const names = Object.values(diagnosticsChannels)
const on = () => names.forEach((name) => diagnostics.subscribe(name, noop))
const off = () => names.forEach((name) => diagnostics.unsubscribe(name, noop))

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const results = {
  json: { off: [] as number[], on: [] as number[] },
  sse: { off: [] as number[], on: [] as number[] },
}
await json() // warm-up
for (let round = 0; round < ROUNDS; round++) {
  for (const mode of round % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const)) {
    if (mode === 'on') on()
    results.json[mode].push(await json())
    results.sse[mode].push(await sse())
    if (mode === 'on') off()
  }
}
for (const [name, r] of Object.entries(results)) {
  const a = median(r.off)
  const b = median(r.on)
  const unit = name === 'json' ? 'responses/s' : 'events/s'
  console.log(
    `${name}: off ${a.toFixed(0)} ${unit}, subscribers on ${b.toFixed(0)} ${unit}, on/off ${(b / a).toFixed(3)}`
  )
}
if (QUICK) console.log('(QUICK=1: a run check, not figures)')
await dispatcher.close()
server.close()
