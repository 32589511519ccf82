import { defineConfig } from 'vitest/config';

// Tests that race many database calls take a few seconds alone; on two busy cores (two test packages at a
// time) several times that. A timeout is for a test that hangs, not for a slow machine.
export default defineConfig({ test: { include: ['test/**/*.test.ts'], environment: 'node', testTimeout: 60_000 } });
