/**
 * FastJSONResponse against JSONResponse and bare JSON.stringify on four payloads: a small
 * object, an LLM chat-completion-like object, one 1536-float embedding and a 100-item list of
 * them (OpenAI's embeddings response shape), same run, ratios printed. Goal (issue 6):
 * FastJSON at least as fast as JSONResponse on every payload and faster on the objects.
 *
 * Every call gets another payload from a set of distinct ones (fresh floats): V8 caches
 * number-to-string conversions, so serialising the same floats again and again flatters
 * fast-json-stringify's per-number loop (`'' + n` hits the cache, `JSON.stringify` does not).
 * The embedding cases also time both number-array strategies (`numberArrays: 'native'`, the
 * default, and `'compiled'`), and the compiled one once more on one repeated payload, to show
 * that effect.
 *
 *   npm run bench -- fast-json        (or: npx tsx bench/fast-json.bench.ts; ROUNDS=15 to change)
 */
import { FastJSONResponse } from '../src/fast-json'
import { JSONResponse } from '../src/index'
import * as payloads from './_fast-json-payloads'

const ROUNDS = Number(process.env.ROUNDS ?? 9)

interface Case {
  title: string
  /** Distinct payloads, used in turn. */
  values: unknown[]
  schema: Record<string, unknown>
  /** Calls per timing check, so the clock is read rarely on the small payloads. */
  batch: number
  isObject: boolean
}

const cases: Case[] = [
  {
    title: 'small object',
    values: payloads.variants(16, payloads.small),
    schema: payloads.smallSchema,
    batch: 200,
    isObject: true,
  },
  {
    title: 'chat completion',
    values: payloads.variants(16, payloads.chat),
    schema: payloads.chatSchema,
    batch: 100,
    isObject: true,
  },
  {
    title: '1 embedding (1536 floats)',
    values: Array.from({ length: 32 }, (_, i) => payloads.embeddings(1, i)),
    schema: payloads.embeddingsSchema,
    batch: 4,
    isObject: false,
  },
  {
    title: '100 embeddings',
    values: [payloads.embeddings(100, 0), payloads.embeddings(100, 100)],
    schema: payloads.embeddingsSchema,
    batch: 1,
    isObject: false,
  },
]

const FAST = 'new FastJSONResponse(x)'

/** A task that serialises the payloads of `c` in turn. */
function rotating(c: Case, make: (value: unknown) => unknown): () => unknown {
  let k = 0
  return () => make(c.values[(k = (k + 1) % c.values.length)])
}

async function contendersFor(c: Case): Promise<Record<string, () => unknown>> {
  const Fast = FastJSONResponse.withSchema(c.schema)
  const list: Record<string, () => unknown> = {
    'JSON.stringify(x)': rotating(c, (v) => JSON.stringify(v)),
    'new JSONResponse(x)': rotating(c, (v) => new JSONResponse(v)),
    [FAST]: rotating(c, (v) => new Fast(v)),
  }
  if (!c.isObject) {
    const Compiled = FastJSONResponse.withSchema(c.schema, { numberArrays: 'compiled' })
    const same = c.values[0]
    list['FastJSON, compiled number arrays'] = rotating(c, (v) => new Compiled(v))
    list['FastJSON, compiled, same x every call'] = () => new Compiled(same)
  }
  // Same bytes and content-type from every contender, on every payload, before any timing.
  for (const value of c.values) {
    const expected = JSON.stringify(value)
    const responses = [new JSONResponse(value), new Fast(value)]
    for (const res of responses) {
      const text = await res.text()
      if (text !== expected || res.headers.get('content-type') !== 'application/json') {
        throw new Error(`${c.title}: ${res.constructor.name} differs from JSON.stringify`)
      }
    }
    if (!c.isObject) {
      const Compiled = FastJSONResponse.withSchema(c.schema, { numberArrays: 'compiled' })
      if ((await new Compiled(value).text()) !== expected) {
        throw new Error(`${c.title}: compiled number arrays differ from JSON.stringify`)
      }
    }
  }
  return list
}

/**
 * ROUNDS rounds with the contenders interleaved (order rotated each round), each timed for
 * about 200 ms; the median per contender. Time is the process's CPU time (user + system,
 * GC threads included) per call, not wall time: on this shared 2-core machine other jobs
 * preempt us, which wall time would charge to whichever contender was running.
 */
function measure(c: Case, tasks: Record<string, () => unknown>): Map<string, number> {
  const names = Object.keys(tasks)
  const samples = new Map<string, number[]>(names.map((name) => [name, []]))
  for (const task of Object.values(tasks)) for (let i = 0; i < 3; i++) task() // warm up
  for (let round = 0; round < ROUNDS; round++) {
    const order = names.map((_, i) => names[(i + round) % names.length]!)
    for (const name of order) {
      const task = tasks[name]!
      const start = process.cpuUsage()
      const wallEnd = performance.now() + 200
      let calls = 0
      do {
        for (let i = 0; i < c.batch; i++) task()
        calls += c.batch
      } while (performance.now() < wallEnd)
      const used = process.cpuUsage(start)
      samples.get(name)!.push((used.user + used.system) / calls)
    }
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1]!
  return new Map([...samples].map(([name, values]) => [name, median(values)]))
}

console.log(
  `Node ${process.version} (V8 ${process.versions.v8}), CPU µs per call, median of ${ROUNDS} rounds`
)
const verdicts: string[] = []
for (const c of cases) {
  const perOp = measure(c, await contendersFor(c))
  const json = perOp.get('new JSONResponse(x)')!
  console.log(`\n${c.title} (${JSON.stringify(c.values[0]).length} bytes)`)
  console.table(
    [...perOp].map(([name, us]) => ({
      contender: name,
      'µs/op': Number(us.toPrecision(4)),
      'speed vs JSONResponse': `${(json / us).toFixed(2)}×`,
    }))
  )
  const ratio = json / perOp.get(FAST)!
  const goal = c.isObject ? ratio > 1.05 : ratio >= 0.97
  verdicts.push(
    `${c.title}: FastJSON ${ratio.toFixed(2)}× JSONResponse (goal ${c.isObject ? '> 1' : '≥ 1, noise 3 %'}) → ${goal ? 'met' : 'NOT met'}`
  )
}
console.log(`\n${verdicts.join('\n')}`)
