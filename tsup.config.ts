import { defineConfig } from 'tsup'

/** One entry per subpath export: a subpath name equals its file name. */
const entry: Record<string, string> = {
  index: 'src/index.ts',
  'fast-json': 'src/fast-json.ts',
  // The compiler-free build of ./fast-json for the workerd/worker/edge-light conditions (#6).
  'fast-json.edge': 'src/fast-json.edge.ts',
  file: 'src/file.ts',
  llm: 'src/llm.ts',
  streams: 'src/streams.ts',
  compress: 'src/compress.ts',
  node: 'src/adapters/node.ts',
  express: 'src/adapters/express.ts',
  hono: 'src/adapters/hono.ts',
  otel: 'src/otel.ts',
}

export default defineConfig({
  entry,
  format: ['esm', 'cjs'],
  dts: true,
  // No source maps in the package: dist is not minified, so a stack trace into it already names
  // the real function on a readable line, and maps (with the sources inlined) were three times
  // the size of the code they describe, downloaded by every install. Debug the library from
  // this repository, where tests and examples import src/ directly.
  sourcemap: false,
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
    /^negotiator/,
  ],
})
