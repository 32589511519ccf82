import path from 'node:path';
import type { ChildSpec } from './supervise';

/**
 * The processes `npm start` runs: the web app, the agent API's own server (apps/agent-api, STOWAGE_AGENT_HOST
 * and STOWAGE_AGENT_PORT, 127.0.0.1:3001 by default) and one worker, each a single Node process that receives
 * its own signals (no wrapper in between that could die and leave the real process behind).
 */
export function productProcesses(options: { root: string; dev: boolean }): ChildSpec[] {
  const { root, dev } = options;
  return [
    {
      name: 'web',
      title: 'the web app',
      command: process.execPath,
      args: ['server/main.mjs', ...(dev ? ['--dev'] : [])],
      cwd: path.join(root, 'apps/web'),
    },
    {
      name: 'agent-api',
      title: 'the agent API',
      command: process.execPath,
      args: ['--import', 'tsx', 'src/main.ts'],
      cwd: path.join(root, 'apps/agent-api'),
    },
    {
      name: 'worker',
      title: 'the worker',
      command: process.execPath,
      args: ['--import', 'tsx', 'src/main.ts'],
      cwd: path.join(root, 'apps/worker'),
    },
  ];
}

/** In development the worker restarts when its code or the code it runs changes (the web app hot-reloads). */
export function workerSourceDirs(root: string): string[] {
  return ['apps/worker/src', ...['core', 'db', 'engine', 'providers', 'services'].map((name) => `packages/${name}/src`)].map((dir) => path.join(root, dir));
}

/** The same for the agent API: its server, the web server's helpers it shares, and the packages it runs. */
export function agentApiSourceDirs(root: string): string[] {
  return ['apps/agent-api/src', 'apps/web/server', ...['api', 'auth', 'core', 'db', 'engine', 'providers', 'services'].map((name) => `packages/${name}/src`)].map((dir) =>
    path.join(root, dir),
  );
}
