/**
 * Size budgets of the BUILT package, measured as a user's bundler sees them: esbuild bundles and
 * minifies an import, then it is gzipped (level 9; brotli shown too). Dependencies and peer
 * dependencies stay external (a bundler adds them once, whatever uses them), so the figures are
 * response-kit's own code. Each entry is measured whole (`export *`), and the root once more
 * with every root class imported. Prints the table that README "Sizes" shows.
 * Needs dist/ (`npm test` builds first).
 */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { afterAll, describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '..')
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
const KB = 1024

/** Every response class of the root entry: what "all root classes" means in the budget. */
const ROOT_CLASSES = [
  'BaseResponse',
  'PlainTextResponse',
  'HTMLResponse',
  'JSONResponse',
  'RedirectResponse',
  'StreamingResponse',
  'SSEResponse',
  'NDJSONResponse',
]

/**
 * Ceilings in KB min+gz: the measured size plus 10 %, rounded up to 0.05 KB. They catch a
 * large table or a dependency slipping into a bundle; sizes are tracked here, not chased, so
 * raise a ceiling deliberately (with the reason in the commit) rather than trade correctness or
 * clarity for bytes.
 */
const ROOT_CLASSES_BUDGET = 8.3 * KB

/** Whole-entry ceilings, on the same rule. */
const BUDGET: Record<string, number> = {
  '.': 9.2 * KB,
  // The shape check of the native path writes its own source (src/internal/fast-json/shape.ts).
  './fast-json': 8.05 * KB,
  // Precompressed siblings bring in the Accept-Encoding ranking and Vary merge of compress().
  './file': 13.35 * KB,
  // The adapters carry compress() for their `compression` option.
  './node': 14.7 * KB,
  './express': 14.7 * KB,
  './hono': 10.5 * KB,
  './llm': 13.3 * KB,
  './streams': 13 * KB,
  './otel': 0.75 * KB,
  './compress': 9 * KB,
}

const external = [
  ...Object.keys(pkg.dependencies ?? {}),
  ...Object.keys(pkg.peerDependencies ?? {}),
  'node:*',
]

interface Size {
  min: number
  gzip: number
  brotli: number
}

/** Bundles `source` (an ES module re-exporting from dist) and measures it. */
async function measure(source: string, platform: 'neutral' | 'node'): Promise<Size> {
  const result = await build({
    stdin: { contents: source, resolveDir: ROOT, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform,
    target: 'es2022',
    external,
    write: false,
    logLevel: 'silent',
  })
  const code = result.outputFiles[0]!.contents
  return {
    min: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    brotli: brotliCompressSync(code).length,
  }
}

const kb = (bytes: number) => `${(bytes / KB).toFixed(2)} KB`

const subpaths = Object.entries(pkg.exports as Record<string, { import?: { default: string } }>)
  .filter(([, target]) => typeof target === 'object' && target.import)
  .map(
    ([subpath, target]) => [subpath, `./${target.import!.default.replace(/^\.\//, '')}`] as const
  )

describe('bundle size', () => {
  const rows: string[] = []
  const row = (name: string, size: Size) =>
    rows.push(`| ${name} | ${kb(size.min)} | ${kb(size.gzip)} | ${kb(size.brotli)} |`)

  const notes: string[] = []

  // The table, for a commit that changes a size: `SIZE_REPORT=1 npx vitest run tests/size.test.ts`.
  afterAll(() => {
    if (process.env.SIZE_REPORT === undefined) return
    const head = ['| import | min | min+gz | min+brotli |', '| --- | ---: | ---: | ---: |']
    console.log([...head, ...rows, ...notes].join('\n'))
  })

  it('keeps the root with every root class within its budget', async () => {
    const source = `export { ${ROOT_CLASSES.join(', ')} } from './dist/index.js'`
    const size = await measure(source, 'neutral')
    row(`all root classes from \`response-kit\``, size)
    expect(size.gzip).toBeLessThanOrEqual(ROOT_CLASSES_BUDGET)
  })

  for (const [subpath, file] of subpaths) {
    const name = subpath === '.' ? 'response-kit' : `response-kit${subpath.slice(1)}`
    it(`keeps all of ${name} within its budget`, async () => {
      const budget = BUDGET[subpath]
      expect(budget, `no size budget for ${subpath}: add one to BUDGET`).toBeDefined()
      // The root is edge-safe (no Node built-ins); other entries may import node: modules.
      const size = await measure(`export * from '${file}'`, subpath === '.' ? 'neutral' : 'node')
      row(`all of \`${name}\``, size)
      expect(size.gzip).toBeLessThanOrEqual(budget!)
    })
  }
})
