/**
 * Prints one line per entry point after `tsup --silent`: its ESM and CJS sizes and whether
 * both declaration files exist, instead of tsup's line per output file.
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, URL } from 'node:url'

const dist = fileURLToPath(new URL('../dist/', import.meta.url))
const kb = (file) => `${(statSync(join(dist, file)).size / 1024).toFixed(1)} kB`
const files = readdirSync(dist)
const entries = files.filter(
  (f) => f.endsWith('.js') && existsSync(join(dist, f.replace(/\.js$/, '.d.ts')))
)
let total = 0
for (const file of files) total += statSync(join(dist, file)).size
const width = Math.max(...entries.map((f) => f.length))
for (const file of entries) {
  const name = file.replace(/\.js$/, '')
  const types = existsSync(join(dist, `${name}.d.ts`)) && existsSync(join(dist, `${name}.d.cts`))
  console.log(
    `  ${file.padEnd(width)}  esm ${kb(file).padStart(8)}  cjs ${kb(`${name}.cjs`).padStart(8)}  ${types ? 'd.ts + d.cts' : 'TYPES MISSING'}`
  )
}
console.log(
  `built ${entries.length} entries, ${files.length} files, ${(total / 1024).toFixed(0)} kB in dist/`
)
