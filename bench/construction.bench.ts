/**
 * Construction cost: `new JSONResponse(x)` against `Response.json(x)` and
 * `new Response(JSON.stringify(x), { headers })` for a small object, in one run, with the
 * ratios printed. Target (issue 2): JSONResponse at most 1/5 of Response.json()'s cost on
 * Node 20. Then the same three with the body read back (`await res.text()`), so the lazy
 * body's deferred cost is visible too.
 *
 *   npm run bench -- construction                      (lazy mode, the Node default)
 *   RK_MODE=eager npx tsx bench/construction.bench.ts  (eager mode, as on Bun/Deno/workerd)
 */
import { Bench } from 'tinybench'

if (process.env.RK_MODE === 'eager') {
  ;(globalThis as Record<symbol, unknown>)[Symbol.for('response-kit.lazy')] = false
}
const { JSONResponse } = await import('../src/index')

const value = { id: 42, name: 'Ada Lovelace', tags: ['math', 'engines'], active: true }
const BATCH = 100
const ROUNDS = 9
const TARGET = 5

const contenders: Record<string, () => Response> = {
  'new JSONResponse(x)': () => new JSONResponse(value),
  'Response.json(x)': () => Response.json(value),
  'new Response(JSON.stringify(x), { headers })': () =>
    new Response(JSON.stringify(value), { headers: { 'content-type': 'application/json' } }),
}

/** Every contender must send the same bytes and content-type before any timing counts. */
async function checkSameOutput(): Promise<void> {
  const outputs = await Promise.all(
    Object.entries(contenders).map(async ([name, make]) => {
      const res = make()
      return { name, type: res.headers.get('content-type'), body: await res.text() }
    })
  )
  for (const output of outputs) {
    if (output.body !== outputs[0]!.body || output.type !== outputs[0]!.type) {
      throw new Error(
        `${output.name} differs: ${JSON.stringify(output)} vs ${JSON.stringify(outputs[0])}`
      )
    }
  }
  console.log(`same output: ${outputs[0]!.type} ${outputs[0]!.body}`)
}

/**
 * Runs one group in ROUNDS short rounds, the contenders interleaved, and keeps each one's
 * median: on a shared 2-core machine a burst of load then hits every contender alike instead
 * of whichever happened to run during it. Each task builds BATCH responses, so timer overhead
 * stays negligible.
 */
async function measure(
  title: string,
  tasks: Record<string, () => unknown>
): Promise<Map<string, number>> {
  const samples = new Map<string, number[]>(Object.keys(tasks).map((name) => [name, []]))
  for (let round = 0; round < ROUNDS; round++) {
    const bench = new Bench({ name: title, time: 250, warmupTime: 50 })
    for (const [name, task] of Object.entries(tasks)) bench.add(name, task)
    await bench.run()
    for (const task of bench.tasks) {
      const result = task.result
      if (result.state !== 'completed') throw new Error(`${task.name}: ${result.state}`)
      samples.get(task.name)!.push((result.latency.mean * 1000) / BATCH)
    }
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1]!
  return new Map([...samples].map(([name, values]) => [name, median(values)]))
}

function report(title: string, perOp: Map<string, number>, baseline: string): void {
  const base = perOp.get(baseline)!
  console.log(`\n${title} (µs per response, median of ${ROUNDS} rounds)`)
  console.table(
    [...perOp].map(([name, us]) => ({
      contender: name,
      'µs/op': Number(us.toFixed(3)),
      [`× ${baseline}`]: Number((us / base).toFixed(3)),
    }))
  )
}

const batch = (make: () => Response) => () => {
  for (let i = 0; i < BATCH; i++) make()
}
const batchRead = (make: () => Response) => async () => {
  for (let i = 0; i < BATCH; i++) await make().text()
}

await checkSameOutput()
const mode = process.env.RK_MODE === 'eager' ? 'eager' : 'lazy'
console.log(`Node ${process.version}, ${mode} mode`)

const built = await measure(
  'construct',
  Object.fromEntries(Object.entries(contenders).map(([name, make]) => [name, batch(make)]))
)
report('Construction only', built, 'Response.json(x)')
const read = await measure(
  'construct + text()',
  Object.fromEntries(Object.entries(contenders).map(([name, make]) => [name, batchRead(make)]))
)
report('Construction + await res.text()', read, 'Response.json(x)')

const ratio = built.get('Response.json(x)')! / built.get('new JSONResponse(x)')!
const verdict =
  mode === 'eager'
    ? 'the target applies to lazy mode, the Node default'
    : ratio >= TARGET
      ? 'met'
      : 'NOT met'
console.log(
  `\nJSONResponse construction is 1/${ratio.toFixed(1)} of Response.json()'s cost ` +
    `(target: at most 1/${TARGET}) → ${verdict}`
)
