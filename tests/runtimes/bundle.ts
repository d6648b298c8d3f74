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

/** The standalone serializer module that global-setup.ts writes for the fast-json cases. */
export const SERIALIZER = join(BUILD_DIR, 'serializer.mjs')

/** Follows a conditional export target the way a runtime does: first matching key wins. */
function pick(target: unknown, conditions: string[]): string | undefined {
  if (typeof target === 'string') return target
  if (!target || typeof target !== 'object') return undefined
  for (const [key, value] of Object.entries(target)) {
    if (key === 'default' || conditions.includes(key)) {
      const found = pick(value, conditions)
      if (found) return found
    }
  }
  return undefined
}

/**
 * The dist file that `import 'response-kit<subpath>'` loads under `conditions` (package.json
 * "exports", as the runtime would resolve it); throws when it is missing.
 */
export function distFile(specifier: string, conditions: string[] = ['import']): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    exports: Record<string, unknown>
  }
  const key = `.${specifier.slice('response-kit'.length)}`
  const target = pick(pkg.exports[key], [...conditions, 'import'])
  if (!target) throw new Error(`no export ${key} for [${conditions}] in package.json`)
  const file = join(ROOT, target)
  if (!existsSync(file)) throw new Error(`${file} is missing: run the build (npx tsup) first`)
  return file
}

function responseKitFromDist(inline: boolean, conditions: string[]): Plugin {
  return {
    name: 'response-kit-from-dist',
    setup(b) {
      b.onResolve({ filter: /^response-kit(\/.*)?$/ }, (args) => ({
        path: distFile(args.path, conditions),
        external: !inline,
      }))
      b.onResolve({ filter: /^virtual:rk-serializer$/ }, () => ({ path: SERIALIZER }))
    },
  }
}

export interface BundleOptions {
  /** `esm` for module workers and native servers, `iife` for edge-runtime's script. */
  format: 'esm' | 'iife'
  /** Inline dist (workerd, edge-runtime) or keep it external (Bun, Deno, Node). */
  inline: boolean
  platform: 'node' | 'neutral' | 'browser'
  /** The runtime's export conditions, e.g. ['workerd', 'worker'] or ['edge-light']. */
  conditions: string[]
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
    conditions: options.conditions,
    plugins: [responseKitFromDist(options.inline, options.conditions)],
    logLevel: 'error',
  })
  return outfile
}
