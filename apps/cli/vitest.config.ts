import { defineConfig } from 'vitest/config';

// Each test spawns the command line several times (a Node process with tsx: 1–3 s each on two busy cores).
// move-to-postgres needs a real PostgreSQL: the global setup starts a throwaway cluster.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 180_000,
    hookTimeout: 120_000,
    globalSetup: ['@stowage/test-support/postgres-global-setup'],
  },
});
