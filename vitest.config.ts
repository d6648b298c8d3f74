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
    typecheck: { enabled: true, include: ['tests/types/**/*.test-d.ts'] },
    coverage: {
      provider: 'v8',
      include: ['src/**'],
      reporter: ['text-summary'],
    },
  },
})
