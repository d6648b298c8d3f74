import { existsSync } from 'node:fs'
import { defineConfig } from 'tsup'

/**
 * One entry per subpath export (CONVENTIONS: a subpath name equals its file name). An entry is
 * built only once its source exists, so each issue adds its subpath when its code lands.
 */
const candidates: Record<string, string> = {
  index: 'src/index.ts',
  'fast-json': 'src/fast-json.ts',
  // The compiler-free build of ./fast-json for the workerd/worker/edge-light conditions (#6).
  'fast-json.edge': 'src/fast-json.edge.ts',
  file: 'src/file.ts',
  llm: 'src/llm.ts',
  compress: 'src/compress.ts',
  node: 'src/adapters/node.ts',
  express: 'src/adapters/express.ts',
  hono: 'src/adapters/hono.ts',
}
const entry = Object.fromEntries(Object.entries(candidates).filter(([, file]) => existsSync(file)))

export default defineConfig({
  entry,
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  splitting: false,
  treeshake: true,
  // Keep `node:` specifiers: Deno and workerd resolve Node built-ins only with the prefix.
  removeNodeProtocol: false,
  external: ['express', 'hono', /^@hono\//, /^node:/, 'fast-json-stringify', 'mime-db', /^negotiator/],
})
