import path from 'node:path';
import type { ProductProcess } from './env';
import type { ChildSpec } from './supervise';

/**
 * The agent API's port under `npm start` when STOWAGE_AGENT_PORT is not set: the one after the web app's (3001
 * beside the default 3000), so that two installations on one host, each given its own PORT (e2e runs, a test
 * instance beside production), do not both reach for 3001. Undefined: the agent API's own default (3001).
 */
export function agentPortBeside(env: { PORT?: string | undefined; STOWAGE_AGENT_PORT?: string | undefined }): string | undefined {
  if (env.STOWAGE_AGENT_PORT) return undefined;
  const web = Number(env.PORT || 3000);
  return Number.isInteger(web) && web >= 1 && web < 65535 ? String(web + 1) : undefined;
}

/**
 * The processes `npm start` runs: the web app, the agent API's own server (apps/agent-api, on STOWAGE_AGENT_HOST
 * and STOWAGE_AGENT_PORT, 127.0.0.1 and the web app's PORT + 1 by default) and one worker, each a single Node
 * process that receives its own signals (no wrapper in between that could die and leave the real process behind).
 * `agentEnv`: the agent API's environment (the supervisor's own when unset); `only`: which of them (all when unset).
 */
export function productProcesses(options: { root: string; dev: boolean; agentEnv?: NodeJS.ProcessEnv; only?: readonly ProductProcess[] }): ChildSpec[] {
  const { root, dev } = options;
  const all: (ChildSpec & { name: ProductProcess })[] = [
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
      ...(options.agentEnv ? { env: options.agentEnv } : {}),
    },
    {
      name: 'worker',
      title: 'the worker',
      command: process.execPath,
      args: ['--import', 'tsx', 'src/main.ts'],
      cwd: path.join(root, 'apps/worker'),
    },
  ];
  return options.only ? all.filter((child) => options.only!.includes(child.name)) : all;
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
