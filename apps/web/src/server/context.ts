import 'server-only';
import { createDb, type Db } from '@stowage/db';
import { createSecretBox, defaultDatabaseUrl, loadSecretKey, type ServiceContext } from '@stowage/services';
import { readEnv } from '~/env';

interface Runtime {
  dataDir: string;
  db: Db;
  secrets: ServiceContext['secrets'];
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
    };
  }
  return globalForRuntime.stowageRuntime;
}

export function createRequestContext(): ServiceContext & { dataDir: string } {
  const { db, secrets, dataDir } = getRuntime();
  return { db, secrets, dataDir, actor: 'admin' };
}
