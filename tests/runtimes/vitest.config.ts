import { defineConfig } from 'vitest/config'

/**
 * The runtime matrix (`npm run test:runtimes`): its own config so the main `vitest run` does not
 * start five runtimes, and so the install step runs once before any suite (globalSetup).
 */
export default defineConfig({
  test: {
    root: import.meta.dirname + '/../..',
    include: ['tests/runtimes/**/*.test.ts'],
    globalSetup: ['tests/runtimes/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 90_000,
    pool: 'forks',
    maxWorkers: 2,
  },
})
