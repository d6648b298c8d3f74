/**
 * The packaging gate after a build: publint, then Are the Types Wrong? on the packed tarball.
 *
 * attw uses the `node16` profile because `engines` is Node >= 20 and the package ships both
 * ESM and CJS: it checks `node16` from CJS and from ESM and `bundler`, and skips `node10`
 * (TypeScript's legacy `moduleResolution: "node"`, which cannot read `exports` subpaths). A
 * pass prints one line; a failure prints attw's full table. The tarball is packed once with
 * `--ignore-scripts`, so `prepack` does not rebuild what `npm run build` just built.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const run = (command, args, options = {}) =>
  spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32', ...options })

if (run('npx', ['publint', '--strict']).status !== 0) process.exit(1)

const dir = mkdtempSync(join(tmpdir(), 'response-kit-attw-'))
try {
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      shell: process.platform === 'win32',
    })
  )
  const tarball = join(dir, packed.filename)
  const attw = ['attw', tarball, '--profile', 'node16']
  if (run('npx', [...attw, '--quiet']).status === 0) {
    console.log(`attw: ${packed.entryCount} files, no problems (profile node16: CJS, ESM, bundler)`)
  } else {
    run('npx', attw)
    process.exitCode = 1
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
