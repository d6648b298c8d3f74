#!/usr/bin/env node
// `npm run bench [-- name…]`: runs every benchmark in bench/ (each `*.ts` file at the top level,
// `*.bench.ts` by preference), one after another, each in its own process, so one scenario's
// servers and GC pressure never skew the next. Helpers are skipped: names starting with `_`,
// ending in `-server.ts` or `.d.ts`, and anything in a subfolder. A file that imports from
// 'vitest' is a `vitest bench` suite and runs through vitest; any other file is a plain script
// run with tsx (tinybench, mitata, HTTP load loops…). Arguments filter by file name; `--quick`
// is passed on to every bench (a smoke check of under a minute each, not for figures). Each
// bench is bounded: it is stopped after 2 minutes in quick mode, 40 minutes otherwise.
// Figures count only from a quiet machine (1-minute load average ≤ 0.5): see bench/README.md.
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const root = dirname(here)
const quick = process.argv.includes('--quick')
const filters = process.argv.slice(2).filter((arg) => arg !== '--quick')
const files = readdirSync(here)
  .filter((name) => name.endsWith('.ts') && !/^_|-server\.ts$|\.d\.ts$/.test(name))
  .filter((name) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
  .sort()

if (files.length === 0) {
  console.error(`no bench/*.ts matches ${filters.join(', ') || '(none present)'}`)
  process.exit(1)
}

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')
console.log(`load average before the benches: ${load()}`)
if (loadavg()[0] > 0.5) {
  console.log(
    '!! The machine is not quiet (1-minute load > 0.5): figures from this run are not figures.'
  )
}

let failed = 0
for (const name of files) {
  const file = join('bench', name)
  const usesVitest = /from ['"]vitest['"]/.test(readFileSync(join(here, name), 'utf8'))
  const [command, args] = usesVitest
    ? ['vitest', ['bench', '--run', '--config', 'vitest.bench.config.ts', file]]
    : ['tsx', [file, ...(quick ? ['--quick'] : [])]]
  console.log(`\n=== ${file} (${usesVitest ? 'vitest bench' : 'tsx'}) ===`)
  const bin = join(root, 'node_modules', '.bin', command)
  const { status, signal } = spawnSync(bin, args, {
    cwd: root,
    stdio: 'inherit',
    timeout: (quick ? 2 : 40) * 60_000,
    killSignal: 'SIGTERM',
  })
  if (signal !== null) {
    failed++
    console.error(`=== ${file} stopped (${signal}): it ran past its time limit ===`)
  } else if (status !== 0) {
    failed++
    console.error(`=== ${file} exited with ${status} ===`)
  }
}
console.log(`\nload average after the benches: ${load()}`)
process.exit(failed === 0 ? 0 : 1)
