import { defineConfig } from 'vitest/config';

// The chaos test starts its own PostgreSQL (it restarts it mid-run); the real Swift comes from the global setup.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 300_000,
    hookTimeout: 180_000,
    globalSetup: ['@stowage/object-store-server/vitest-global-setup'],
  },
});
