import { defineConfig } from 'vitest/config'

// Benchmarks are never part of `npm test`. `npm run bench` (bench/run.mjs) runs each bench file in
// its own process; files that import from 'vitest' go through `vitest bench` with this config.
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.ts'],
    benchmark: { include: ['bench/**/*.bench.ts'] },
    testTimeout: 600_000,
  },
})
