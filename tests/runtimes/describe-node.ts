/**
 * Node 22 and Node 24: the whole adapter suite (tests/adapters, run by vitest under that Node
 * binary, so its workers run on it too), then the HTTP cases served by the built
 * `response-kit/node` adapter.
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BUILD_DIR, bundleEntry, ROOT } from './bundle'
import type { Case } from './cases/case'
import { describeRuntime } from './describe-runtime'
import { FIXTURE } from './fixture'
import { runtime, startServer } from './harness'

interface VitestJson {
  numTotalTests: number
  numFailedTests: number
  numPassedTests: number
  testResults: {
    name: string
    assertionResults: { fullName: string; status: string; failureMessages: string[] }[]
  }[]
}

/** Runs `vitest run tests/adapters` with `bin`; resolves with its exit code, output and report. */
function runAdapterSuite(name: string, bin: string) {
  const report = join(BUILD_DIR, `adapters-${name}.json`)
  const vitest = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs')
  const args = [vitest, 'run', 'tests/adapters', '--reporter=json', `--outputFile=${report}`]
  return new Promise<{ code: number | null; output: string; json: VitestJson }>(
    (resolve, reject) => {
      const child = spawn(bin, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
      let output = ''
      child.stdout.on('data', (c: Buffer) => (output += c.toString()))
      child.stderr.on('data', (c: Buffer) => (output += c.toString()))
      child.once('error', reject)
      child.once('exit', (code) => {
        try {
          resolve({ code, output, json: JSON.parse(readFileSync(report, 'utf8')) })
        } catch {
          reject(
            new Error(`${name}: vitest wrote no report (exit ${code})\n${output.slice(-3000)}`)
          )
        }
      })
    }
  )
}

export function describeNode(name: 'node22' | 'node24', cases: Case[]): void {
  const { bin, version } = runtime(name)

  describe(`node ${version}`, () => {
    describe('adapter suite', () => {
      it('passes every test in tests/adapters', { timeout: 150_000 }, async () => {
        const { code, output, json } = await runAdapterSuite(name, bin)
        // Name each failure with its file and first message line: the report is read in CI logs.
        const failed = json.testResults.flatMap((file) =>
          file.assertionResults
            .filter((a) => a.status === 'failed')
            .map(
              (a) =>
                `${basename(file.name)}: ${a.fullName}: ${a.failureMessages[0]?.split('\n')[0]}`
            )
        )
        expect(failed).toEqual([])
        expect(json.testResults.length, output.slice(-3000)).toBeGreaterThan(0)
        expect(json.numTotalTests).toBeGreaterThan(0)
        expect(json.numPassedTests).toBe(json.numTotalTests)
        expect(code).toBe(0)
      })
    })
  })

  describeRuntime(
    `node ${version} (built response-kit/node)`,
    async () => {
      const file = await bundleEntry('node', {
        format: 'esm',
        inline: false,
        platform: 'node',
        conditions: ['node'],
      })
      return startServer(name, bin, [file], { env: { RK_FIXTURE: FIXTURE } })
    },
    cases
  )
}
