/*
 * What `npm start` (and `npm run dev`, with --dev) runs: the web app, the agent API and one worker, kept running
 * (STOWAGE_PROCESSES names a subset: `worker` on a zone's machine, `web,agent-api` on the front ends).
 * A process that dies is restarted with backoff, and each restart is logged and recorded as an event; SIGTERM or
 * SIGINT stops them all. Expects HOST and PORT (for the web app; STOWAGE_AGENT_HOST and STOWAGE_AGENT_PORT for
 * the agent API, 127.0.0.1 and PORT + 1 when unset) and the data directory in the environment.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb } from '@stowage/db';
import { databaseOptions } from '@stowage/services';
import { childEnvironment, readEnv } from './env';
import { agentApiSourceDirs, agentPortBeside, productProcesses, workerSourceDirs } from './product-processes';
import { recordRestart } from './record-restart';
import { startSupervisor } from './supervise';
import { watchSources } from './watch-sources';

process.title = 'stowage-supervisor';
const env = readEnv();
const dev = process.argv.includes('--dev');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const log = (line: string) => console.log(`[supervisor] ${line}`);
const db = createDb({ ...databaseOptions(env, 'supervisor'), poolSize: 1 });
const running = env.STOWAGE_PROCESSES;
const titles: Record<string, string> = { web: 'the web app', 'agent-api': 'the agent API', worker: 'the worker' };
const runningTitles = running.map((name) => titles[name]).join(', ');

const agentPort = agentPortBeside(env);
const supervisor = startSupervisor({
  children: productProcesses({ root, dev, only: running, ...(agentPort ? { agentEnv: childEnvironment({ STOWAGE_AGENT_PORT: agentPort }) } : {}) }),
  policy: { baseMs: env.STOWAGE_RESTART_BASE_MS, maxMs: env.STOWAGE_RESTART_MAX_S * 1000, stableMs: env.STOWAGE_RESTART_STABLE_S * 1000 },
  log,
  onRestart: (restart) => recordRestart(db, restart),
});
if (dev) log('development: the web app hot-reloads; the agent API and the worker restart when their code changes');

const watchers = dev
  ? [
      ...(running.includes('worker') ? [watchSources(workerSourceDirs(root), (file) => supervisor.restart('worker', `${path.relative(root, file)} changed`))] : []),
      ...(running.includes('agent-api') ? [watchSources(agentApiSourceDirs(root), (file) => supervisor.restart('agent-api', `${path.relative(root, file)} changed`))] : []),
    ]
  : [];

let stopping = false;
const shutdown = (signal: string) => {
  if (stopping) return;
  stopping = true;
  log(`${signal}: stopping ${runningTitles}`);
  for (const stopWatching of watchers) stopWatching();
  void supervisor.stop().then(async () => {
    await db.$disconnect();
    process.exit(0);
  });
};
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => shutdown(signal));
