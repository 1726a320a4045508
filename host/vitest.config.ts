import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each file opens its own databases and hosts; running files one at a time keeps PGlite start-up predictable on 2 cores.
    fileParallelism: false,
  },
});
