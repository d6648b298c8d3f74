/**
 * Bundles a runtime entry (servers/*.ts) with esbuild so each runtime runs plain JavaScript that
 * uses the BUILT package: `response-kit` and `response-kit/*` resolve through package.json
 * "exports" to dist/. For Bun, Deno and Node the dist files stay external (loaded as they are,
 * with their own node_modules imports); for workerd and edge-runtime they are inlined.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { build, type Plugin } from 'esbuild'

export const ROOT = resolve(import.meta.dirname, '../..')
export const BUILD_DIR = join(ROOT, '.runtimes', 'build')

type ExportMap = Record<string, { import: { default: string } } | string>

/** The dist file that `import 'response-kit<subpath>'` loads; throws when dist is missing. */
export function distFile(specifier: string): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    exports: ExportMap
  }
  const key = `.${specifier.slice('response-kit'.length)}`
  const target = pkg.exports[key]
  if (!target || typeof target === 'string') throw new Error(`no export ${key} in package.json`)
  const file = join(ROOT, target.import.default)
  if (!existsSync(file)) throw new Error(`${file} is missing: run the build (npx tsup) first`)
  return file
}

function responseKitFromDist(inline: boolean): Plugin {
  return {
    name: 'response-kit-from-dist',
    setup(b) {
      b.onResolve({ filter: /^response-kit(\/.*)?$/ }, (args) => ({
        path: distFile(args.path),
        external: !inline,
      }))
    },
  }
}

export interface BundleOptions {
  /** `esm` for module workers and native servers, `iife` for edge-runtime's script. */
  format: 'esm' | 'iife'
  /** Inline dist (workerd, edge-runtime) or keep it external (Bun, Deno, Node). */
  inline: boolean
  platform: 'node' | 'neutral' | 'browser'
}

/** Bundles `servers/<name>.ts` to `.runtimes/build/<name>.mjs|js` and returns the file. */
export async function bundleEntry(name: string, options: BundleOptions): Promise<string> {
  mkdirSync(BUILD_DIR, { recursive: true })
  const outfile = join(BUILD_DIR, `${name}.${options.format === 'esm' ? 'mjs' : 'js'}`)
  await build({
    entryPoints: [join(import.meta.dirname, 'servers', `${name}.ts`)],
    outfile,
    bundle: true,
    format: options.format,
    platform: options.platform,
    target: 'es2022',
    external: ['node:*'],
    mainFields: ['module', 'main'],
    conditions: ['worker', 'browser'],
    plugins: [responseKitFromDist(options.inline)],
    logLevel: 'error',
  })
  return outfile
}
