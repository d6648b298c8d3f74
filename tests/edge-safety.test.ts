/**
 * The root entry is edge-safe (docs/architecture.md, "Edge-safe entries"): bundled by esbuild for the neutral platform it imports nothing
 * (no `node:` module, no package), generates no code (edge runtimes forbid `new Function` and
 * `eval`), and stays small. Ceilings for the minified+gzipped bundle (esbuild, es2022,
 * gzip -9) are the measured size plus 10 %, for the whole root and for the core classes
 * alone (BaseResponse, PlainText, HTML, JSON, Redirect): they catch a large table or a
 * Node-only dependency sneaking in. Sizes are tracked, not chased: raise a ceiling
 * deliberately rather than trade correctness for bytes.
 */
import { build, type Plugin } from 'esbuild'
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const KB = 1024
const CORE_CEILING = 4.5 * KB
// Measured 9,115 bytes (2026-12-01) plus 10 %: the ceiling catches a table or dependency slipping in.
const ROOT_CEILING = 9.8 * KB
const CORE_ENTRY = `export { BaseResponse, streamBody } from './src/response'
export { PlainTextResponse } from './src/plain-text'
export { HTMLResponse } from './src/html'
export { JSONResponse } from './src/json'
export { RedirectResponse } from './src/redirect'`

interface Bundle {
  code: string
  gzip: number
  /** Every import that is not a relative path into src/: must stay empty. */
  bareImports: string[]
}

/** Records (and keeps external) anything that is not a relative import, so nothing hides. */
const recordBare = (seen: string[]): Plugin => ({
  name: 'record-bare-imports',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      seen.push(args.path)
      return { path: args.path, external: true }
    })
  },
})

async function bundle(entry: { file: string } | { contents: string }): Promise<Bundle> {
  const bareImports: string[] = []
  const result = await build({
    ...('file' in entry
      ? { entryPoints: [entry.file] }
      : { stdin: { contents: entry.contents, resolveDir: ROOT, loader: 'ts' as const } }),
    absWorkingDir: ROOT,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    plugins: [recordBare(bareImports)],
  })
  const code = result.outputFiles[0]!.text
  return { code, gzip: gzipSync(code, { level: 9 }).length, bareImports }
}

function expectEdgeSafe({ code, bareImports }: Bundle): void {
  expect(bareImports.filter((path) => path.startsWith('node:'))).toEqual([])
  expect(bareImports).toEqual([])
  expect(code).not.toMatch(/\bnew Function\b/)
  expect(code).not.toMatch(/\beval\(/)
  expect(code).not.toMatch(/\brequire\(/)
  expect(code).not.toMatch(/\bBuffer\.(from|alloc|concat)\b/)
}

/** Sizes, printed with SIZE_REPORT=1 (as tests/size.test.ts prints its table). */
function report(line: string): void {
  if (process.env.SIZE_REPORT !== undefined) console.info(`[edge-safety] ${line}`)
}

describe('root entry (src/index.ts)', () => {
  describe('bundled for the neutral platform', () => {
    it('imports no node: module or package and generates no code', async () => {
      expectEdgeSafe(await bundle({ file: 'src/index.ts' }))
    })

    it(`stays under its ceiling of ${ROOT_CEILING} bytes min+gz`, async () => {
      const { code, gzip } = await bundle({ file: 'src/index.ts' })
      report(`root entry: ${code.length} B min, ${gzip} B min+gz`)
      expect(gzip).toBeLessThan(ROOT_CEILING)
    })
  })

  describe('the core classes alone', () => {
    it('imports no node: module or package and generates no code', async () => {
      expectEdgeSafe(await bundle({ contents: CORE_ENTRY }))
    })

    it(`fit their ceiling of ${CORE_CEILING} bytes min+gz`, async () => {
      const { code, gzip } = await bundle({ contents: CORE_ENTRY })
      report(`core classes: ${code.length} B min, ${gzip} B min+gz`)
      expect(gzip).toBeLessThan(CORE_CEILING)
    })
  })

  describe('the checks themselves', () => {
    it('catch a node: import and code generation', async () => {
      const bad = await bundle({
        contents: `import { readFileSync } from 'node:fs'\nexport const f = () => [readFileSync, new Function('return 1'), eval('1')]`,
      })
      expect(bad.bareImports).toEqual(['node:fs'])
      expect(() => expectEdgeSafe(bad)).toThrow()
      expect(bad.code).toMatch(/\bnew Function\b/)
    })
  })
})
