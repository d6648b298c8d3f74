import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The runtime matrix has its own config and step (`npm run test:runtimes`).
    exclude: ['**/node_modules/**', 'tests/runtimes/**', 'tests/adapters/hono-runtimes.test.ts'],
    // Runtime-matrix and browser suites spawn servers; they get generous but bounded time.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One worker per core: vitest's default leaves one core idle, which on CI's two cores ran
    // the suite one file at a time (about 250 s instead of 160 s); most files wait on sockets,
    // servers and browsers rather than compute.
    maxWorkers: availableParallelism(),
    typecheck: { enabled: true, include: ['tests/types/**/*.test-d.ts'] },
    coverage: {
      provider: 'v8',
      include: ['src/**'],
      reporter: ['text-summary'],
    },
  },
})
