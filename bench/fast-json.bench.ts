/**
 * FastJSONResponse against JSONResponse and bare JSON.stringify on five payloads: a small
 * object, an LLM chat-completion-like object, a page of 50 user records, one 1536-float embedding and a 100-item list of
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
 *   npm run bench -- fast-json --quick   (smoke check, not for figures)
 *
 * In-process serialisation only; bench/http-adapters.bench.ts `fast-json` measures the same
 * payloads through the Node adapter per server CPU-second.
 */
import { FastJSONResponse } from '../src/fast-json'
import { compileSchema, nativeJSONIsFaster } from '../src/internal/fast-json/compile'
import { JSONResponse } from '../src/index'
import * as h from './_harness'
import * as payloads from './_fast-json-payloads'

const ROUNDS = Math.max(5, Number(process.env.ROUNDS ?? (h.quick ? 5 : 9)))
const SLICE_MS = h.quick ? 40 : 200
h.begin('fast-json.bench', { quick: 90, full: 20 * 60 })

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
    title: 'page of 50 users',
    values: Array.from({ length: 16 }, (_, k) => payloads.userPage(k)),
    schema: payloads.userPageSchema,
    batch: 10,
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
  // Where the native path is on (V8 12+, Bun), the same without it: fast-json-stringify only.
  if (nativeJSONIsFaster()) {
    const Compiled = FastJSONResponse.withSerializer(compileSchema(c.schema, {}, false), c.schema)
    list['FastJSON without the native path'] = rotating(c, (v) => new Compiled(v))
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
async function measure(
  c: Case,
  tasks: Record<string, () => unknown>
): Promise<Map<string, h.Spread>> {
  for (const task of Object.values(tasks)) for (let i = 0; i < 3; i++) task() // warm up
  h.progress(c.title)
  const samples = await h.interleave(Object.keys(tasks), ROUNDS, (name) =>
    h.cpuPerCall(tasks[name]!, c.batch, SLICE_MS)
  )
  return new Map([...samples].map(([name, values]) => [name, h.spread(values)]))
}

console.log(`CPU µs per call, median (min–max) of ${ROUNDS} interleaved rounds`)
const verdicts: string[] = []
for (const c of cases) {
  const perOp = await measure(c, await contendersFor(c))
  const json = perOp.get('new JSONResponse(x)')!.median
  console.log(`\n${c.title} (${JSON.stringify(c.values[0]).length} bytes)\n`)
  h.table(
    ['contender', 'CPU µs per call', 'speed vs JSONResponse'],
    [...perOp].map(([name, us]) => [
      name,
      h.formatSpread(us, us.median < 10 ? 2 : 0),
      `${(json / us.median).toFixed(2)}×`,
    ])
  )
  const ratio = json / perOp.get(FAST)!.median
  const goal = c.isObject ? ratio > 1.05 : ratio >= 0.97
  verdicts.push(
    `${c.title}: FastJSON ${ratio.toFixed(2)}× JSONResponse (goal ${c.isObject ? '> 1' : '≥ 1, noise 3 %'}) → ${goal ? 'met' : 'NOT met'}`
  )
}
console.log(`\n${verdicts.join('\n')}`)
h.finish()
