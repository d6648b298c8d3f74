/**
 * What `npm pack` would publish: only dist, the README, the LICENSE, the CHANGELOG and
 * package.json, and every file that package.json "exports" points at. Needs a built dist/
 * (`npm test` builds first).
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '..')
const ALWAYS = ['CHANGELOG.md', 'LICENSE', 'README.md', 'package.json']

interface PackResult {
  files: { path: string }[]
}

/** Every file named by package.json "exports" (and main/module/types), without the "./". */
function exportTargets(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
  const out = new Set<string>([pkg.main, pkg.module, pkg.types])
  const walk = (value: unknown): void => {
    if (typeof value === 'string') out.add(value)
    else if (value && typeof value === 'object') Object.values(value).forEach(walk)
  }
  walk(pkg.exports)
  return [...out].map((file) => file.replace(/^\.\//, ''))
}

describe('npm pack', () => {
  let files: string[] = []

  beforeAll(() => {
    const json = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    })
    files = (JSON.parse(json) as PackResult[])[0]!.files.map((f) => f.path).sort()
  })

  describe('contents', () => {
    it('holds only dist, the readme, the license, the changelog and package.json', () => {
      const stray = files.filter((file) => !file.startsWith('dist/') && !ALWAYS.includes(file))
      expect(stray).toEqual([])
    })

    it('holds the readme, the license, the changelog and package.json', () => {
      expect(files.filter((file) => ALWAYS.includes(file))).toEqual(ALWAYS)
    })

    it('holds every file that package.json exports points at', () => {
      const missing = exportTargets().filter((file) => !files.includes(file))
      expect(missing).toEqual([])
    })

    it('holds no test, source or config file under dist', () => {
      const odd = files.filter(
        (f) => f.startsWith('dist/') && !/\.(c?js|d\.c?ts|c?js\.map)$/.test(f)
      )
      expect(odd).toEqual([])
    })
  })
})
