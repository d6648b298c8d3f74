import { defineConfig } from 'vitest/config'

/**
 * The runtime matrix (`npm run test:runtimes`): its own config so the main `vitest run` does not
 * start five runtimes, and so the install step runs once before any suite (globalSetup).
 */
export default defineConfig({
  test: {
    root: import.meta.dirname + '/../..',
    // response-kit/hono on Bun and Deno lives with the adapter tests but needs these runtimes.
    include: ['tests/runtimes/**/*.test.ts', 'tests/adapters/hono-runtimes.test.ts'],
    globalSetup: ['tests/runtimes/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 90_000,
    pool: 'forks',
    maxWorkers: 2,
  },
})
