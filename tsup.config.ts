import { defineConfig } from 'tsup'

/** One entry per subpath export: a subpath name equals its file name. */
const entry: Record<string, string> = {
  index: 'src/index.ts',
  'fast-json': 'src/fast-json.ts',
  // The compiler-free build of ./fast-json for the workerd/worker/edge-light conditions (#6).
  'fast-json.edge': 'src/fast-json.edge.ts',
  file: 'src/file.ts',
  llm: 'src/llm.ts',
  node: 'src/adapters/node.ts',
  express: 'src/adapters/express.ts',
  hono: 'src/adapters/hono.ts',
  otel: 'src/otel.ts',
}

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
  external: [
    'express',
    'hono',
    '@opentelemetry/api',
    /^@hono\//,
    /^node:/,
    'fast-json-stringify',
    'mime-db',
  ],
})
