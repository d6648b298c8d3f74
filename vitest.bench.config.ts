import { defineConfig } from 'vitest/config'

// Benchmarks are never part of `npm test`; `npm run bench` runs them all in one process.
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.ts'],
    benchmark: { include: ['bench/**/*.bench.ts'] },
    testTimeout: 600_000,
  },
})
