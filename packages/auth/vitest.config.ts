import { defineConfig } from 'vitest/config';

// Every test runs twice: on SQLite (the embedded default) and on a real PostgreSQL cluster the global setup
// starts (createTestDb picks the database from STOWAGE_TEST_DATABASE). Tests that race many database calls take
// a few seconds alone; on two busy cores (two test packages at a time) several times that. A timeout is for a
// test that hangs, not for a slow machine.
const test = { include: ['test/**/*.test.ts'], environment: 'node', testTimeout: 60_000, hookTimeout: 120_000 } as const;

export default defineConfig({
  test: {
    projects: [
      { test: { ...test, name: 'sqlite' } },
      {
        test: {
          ...test,
          name: 'postgres',
          env: { STOWAGE_TEST_DATABASE: 'postgres' },
          globalSetup: ['@stowage/test-support/postgres-global-setup'],
        },
      },
    ],
  },
});
