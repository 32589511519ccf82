import { defineConfig } from 'vitest/config';

// The planner's differential tests run a naive LRU simulator over 50k accesses at 24 capacities: about a second
// alone, several on two busy cores. A timeout is for a test that hangs.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
