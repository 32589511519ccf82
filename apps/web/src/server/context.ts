import 'server-only';
import type { AgentApiOptions } from '@stowage/api';
import { createDb, type Db } from '@stowage/db';
import { createSecretBox, defaultDatabaseUrl, loadSecretKey, type ServiceContext } from '@stowage/services';
import { readEnv } from '~/env';

interface Runtime {
  dataDir: string;
  db: Db;
  secrets: ServiceContext['secrets'];
  /** STOWAGE_AGENT_TOKEN, if set (the agent API is off without it). */
  agentToken: string | undefined;
}

const globalForRuntime = globalThis as unknown as { stowageRuntime?: Runtime };

/** One database client and secret box per server process (kept across hot reloads in development). */
export function getRuntime(): Runtime {
  if (!globalForRuntime.stowageRuntime) {
    const env = readEnv();
    globalForRuntime.stowageRuntime = {
      dataDir: env.STOWAGE_DATA_DIR,
      db: createDb({ url: env.DATABASE_URL ?? defaultDatabaseUrl(env.STOWAGE_DATA_DIR) }),
      secrets: createSecretBox(loadSecretKey({ dataDir: env.STOWAGE_DATA_DIR, keyFromEnv: env.STOWAGE_SECRET_KEY })),
      agentToken: env.STOWAGE_AGENT_TOKEN,
    };
  }
  return globalForRuntime.stowageRuntime;
}

export function createRequestContext(): ServiceContext & { dataDir: string } {
  const { db, secrets, dataDir } = getRuntime();
  return { db, secrets, dataDir, actor: 'admin' };
}

/** What the agent API's route handlers pass on: the request context and the configured token. */
export function createAgentRequestContext(): AgentApiOptions {
  return { ctx: createRequestContext(), token: getRuntime().agentToken };
}
