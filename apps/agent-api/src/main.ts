/*
 * The agent API process (docs/agent-api.md): the agent endpoints on their own port, served by node:http
 * (src/server.ts) with the handlers of @stowage/api, on the installation's database. `npm start` runs one
 * under the supervisor; any number can run on one database, wherever agents reach them.
 *   node --import tsx src/main.ts
 */
import type { AddressInfo } from 'node:net';
import { createDb } from '@stowage/db';
import { createSecretBox, databaseOptions, flushAccessHistory, loadSecretKey } from '@stowage/services';
import { readEnv } from './env';
import { createAgentServer, originOfAddress } from './server';

process.title = 'stowage-agent-api';
const env = readEnv();
// As the web app opens it (apps/web/src/server/context.ts): the URL or the data directory's SQLite file, the pool.
const db = createDb(databaseOptions(env, 'agent-api'));
const secrets = createSecretBox(loadSecretKey({ dataDir: env.STOWAGE_DATA_DIR, keyFromEnv: env.STOWAGE_SECRET_KEY }));

const server = createAgentServer({ runtime: { db, secrets }, trustedProxyHeader: env.STOWAGE_TRUSTED_PROXY_HEADER });
server.on('error', (error) => {
  // A port already taken, an address not on this host: the supervisor restarts this process with backoff.
  console.error(`[agent-api] could not listen on ${env.STOWAGE_AGENT_HOST}:${env.STOWAGE_AGENT_PORT}: ${error.message}`);
  process.exit(1);
});
server.listen(env.STOWAGE_AGENT_PORT, env.STOWAGE_AGENT_HOST, () => {
  console.log(`[agent-api] serving ${originOfAddress(server.address() as AddressInfo)}/api/agent/v1/`);
});

let stopping = false;
const stop = (why: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`[agent-api] ${why}: stopping`);
  const exit = () => {
    void flushAccessHistory(db)
      .then(() => db.$disconnect())
      .finally(() => process.exit(0));
  };
  server.close(exit);
  server.closeIdleConnections();
  // Calls still running (an acquire waiting for a copy) get a little time, not forever.
  setTimeout(exit, 10_000).unref();
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
// Started by the supervisor with an IPC channel: when the supervisor dies, so does this process.
process.on('disconnect', () => stop('supervisor gone'));
