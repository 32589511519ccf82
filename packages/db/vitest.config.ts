import { defineConfig } from 'vitest/config';

// The PostgreSQL tests run on a real cluster the global setup starts (and fail loudly when it cannot).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ['@stowage/test-support/postgres-global-setup'],
  },
});
