import { defineConfig } from 'vitest/config';

// Every test runs on SQLite (the embedded default) and on a real PostgreSQL cluster the global setup starts
// (createTestDb picks the database from STOWAGE_TEST_DATABASE), both against the real Swift.
const test = {
  include: ['test/**/*.test.ts'],
  environment: 'node',
  testTimeout: 60_000,
  hookTimeout: 180_000,
} as const;
const objectStore = '@stowage/object-store-server/vitest-global-setup';

export default defineConfig({
  test: {
    projects: [
      { test: { ...test, name: 'sqlite', globalSetup: [objectStore] } },
      {
        test: {
          ...test,
          name: 'postgres',
          env: { STOWAGE_TEST_DATABASE: 'postgres' },
          globalSetup: [objectStore, '@stowage/test-support/postgres-global-setup'],
        },
      },
    ],
  },
});
