/**
 * Construction cost: `new JSONResponse(x)` against `Response.json(x)` and
 * `new Response(JSON.stringify(x), { headers })` for a small object, in one run, with the
 * ratios printed. Target (issue 2): JSONResponse at most 1/5 of Response.json()'s cost on
 * Node 20. Then the same three with the body read back (`await res.text()`), so the lazy
 * body's deferred cost is visible too.
 *
 *   npm run bench -- construction                      (lazy mode, the Node default)
 *   RK_MODE=eager npx tsx bench/construction.bench.ts  (eager mode, as on Bun/Deno/workerd)
 *   npm run bench -- construction --quick              (smoke check, not for figures)
 *
 * Time is this process's CPU time per response (user + system), contenders interleaved over
 * rounds with the order alternating.
 */
import * as h from './_harness'

if (process.env.RK_MODE === 'eager') {
  ;(globalThis as Record<symbol, unknown>)[Symbol.for('response-kit.lazy')] = false
}
const { JSONResponse } = await import('../src/index')

const value = { id: 42, name: 'Ada Lovelace', tags: ['math', 'engines'], active: true }
const BATCH = 100
const ROUNDS = h.quick ? 5 : 9
const SLICE_MS = h.quick ? 50 : 250
h.begin('construction.bench', { quick: 90, full: 15 * 60 })
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
 * Runs one group over ROUNDS rounds, the contenders interleaved (order alternating), and keeps
 * each one's median and spread of CPU µs per response. Each task builds BATCH responses, so the
 * clock is read rarely. Async tasks (the `text()` group) are awaited per call.
 */
async function measure(
  title: string,
  tasks: Record<string, () => unknown>
): Promise<Map<string, h.Spread>> {
  h.progress(title)
  const samples = await h.interleave(Object.keys(tasks), ROUNDS, async (name) => {
    const task = tasks[name]!
    const start = process.cpuUsage()
    const end = performance.now() + SLICE_MS
    let calls = 0
    do {
      await task()
      calls++
    } while (performance.now() < end)
    const used = process.cpuUsage(start)
    return (used.user + used.system) / calls / BATCH
  })
  return new Map([...samples].map(([name, values]) => [name, h.spread(values)]))
}

function report(title: string, perOp: Map<string, h.Spread>, baseline: string): void {
  const base = perOp.get(baseline)!.median
  console.log(`\n${title} (CPU µs per response, median (min–max) of ${ROUNDS} rounds)\n`)
  h.table(
    ['contender', 'µs', `× ${baseline}`],
    [...perOp].map(([name, us]) => [name, h.formatSpread(us, 3), (us.median / base).toFixed(3)])
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
console.log(`${mode} mode`)

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

const ratio = built.get('Response.json(x)')!.median / built.get('new JSONResponse(x)')!.median
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
h.finish()
