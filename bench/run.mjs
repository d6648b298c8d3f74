#!/usr/bin/env node
// `npm run bench [-- name…]`: runs every benchmark in bench/ (each `*.ts` file at the top level,
// `*.bench.ts` by preference), one after another, each in its own process, so one scenario's
// servers and GC pressure never skew the next. Helpers are skipped: names starting with `_`,
// ending in `-server.ts` or `.d.ts`, and anything in a subfolder. A file that imports from
// 'vitest' is a `vitest bench` suite and runs through vitest; any other file is a plain script
// run with tsx (tinybench, mitata, HTTP load loops…). Arguments filter by file name.
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const root = dirname(here)
const filters = process.argv.slice(2)
const files = readdirSync(here)
  .filter((name) => name.endsWith('.ts') && !/^_|-server\.ts$|\.d\.ts$/.test(name))
  .filter((name) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
  .sort()

if (files.length === 0) {
  console.error(`no bench/*.ts matches ${filters.join(', ') || '(none present)'}`)
  process.exit(1)
}

let failed = 0
for (const name of files) {
  const file = join('bench', name)
  const usesVitest = /from ['"]vitest['"]/.test(readFileSync(join(here, name), 'utf8'))
  const [command, args] = usesVitest
    ? ['vitest', ['bench', '--run', '--config', 'vitest.bench.config.ts', file]]
    : ['tsx', [file]]
  console.log(`\n=== ${file} (${usesVitest ? 'vitest bench' : 'tsx'}) ===`)
  const bin = join(root, 'node_modules', '.bin', command)
  const { status } = spawnSync(bin, args, { cwd: root, stdio: 'inherit' })
  if (status !== 0) {
    failed++
    console.error(`=== ${file} exited with ${status} ===`)
  }
}
process.exit(failed === 0 ? 0 : 1)
