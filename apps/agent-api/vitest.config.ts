import { defineConfig } from 'vitest/config';

// The tests start the real server (a Node process with tsx: a few seconds on two busy cores) and call it over HTTP.
export default defineConfig({ test: { include: ['test/**/*.test.ts'], environment: 'node', testTimeout: 60_000, hookTimeout: 120_000 } });
