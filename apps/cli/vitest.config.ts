import { defineConfig } from 'vitest/config';

// Each test spawns the command line several times (a Node process with tsx: 1–3 s each on two busy cores).
export default defineConfig({ test: { include: ['test/**/*.test.ts'], environment: 'node', testTimeout: 180_000 } });
