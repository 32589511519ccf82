/*
 * The web app's process, started by the supervisor (or `pnpm start` / `pnpm dev` in apps/web):
 *   node server/main.mjs          production (after `next build`): STOWAGE_WEB_PROCESSES processes on one port
 *   node server/main.mjs --dev    development, with hot reload: always one process
 * Each is a plain Node process that receives its own signals.
 */
import cluster from 'node:cluster';
import { readServerEnv } from './env.mjs';

const env = readServerEnv(process.argv);
if (cluster.isPrimary && env.processes > 1) {
  process.title = 'stowage-web';
  const { runWebProcesses } = await import('./web-processes.mjs');
  runWebProcesses({ count: env.processes, host: env.host, port: env.port });
} else {
  process.title = cluster.isPrimary ? 'stowage-web' : `stowage-web-${env.processIndex}`;
  const { serveWeb } = await import('./serve.mjs');
  await serveWeb(env, { announce: cluster.isPrimary });
}
