import 'server-only';
import type { RouteRuntime } from '@stowage/api';
import { createAuth, deriveAuthSecret, type Auth, type AuthSettings } from '@stowage/auth';
import { createDb, type Db } from '@stowage/db';
import { createSecretBox, databaseOptions, loadSecretKey, type ServiceContext } from '@stowage/services';
import { readEnv } from '~/env';

interface Runtime extends RouteRuntime {
  dataDir: string;
  db: Db;
  secrets: ServiceContext['secrets'];
  auth: Auth;
  authSettings: AuthSettings;
}

const globalForRuntime = globalThis as unknown as { stowageRuntime?: Runtime };

/** One database client, secret box and sign-in setup per server process (kept across hot reloads in development). */
export function getRuntime(): Runtime {
  if (!globalForRuntime.stowageRuntime) {
    const env = readEnv();
    const db = createDb(databaseOptions(env, 'web'));
    const secretKey = loadSecretKey({ dataDir: env.STOWAGE_DATA_DIR, keyFromEnv: env.STOWAGE_SECRET_KEY });
    const authSettings: AuthSettings = {
      publicUrl: env.STOWAGE_PUBLIC_URL,
      secret: deriveAuthSecret(secretKey),
      idleTimeoutS: env.STOWAGE_SESSION_IDLE_MINUTES * 60,
      absoluteTimeoutS: env.STOWAGE_SESSION_MAX_HOURS * 3600,
    };
    globalForRuntime.stowageRuntime = {
      dataDir: env.STOWAGE_DATA_DIR,
      db,
      secrets: createSecretBox(secretKey),
      auth: createAuth(db, authSettings),
      authSettings,
    };
  }
  return globalForRuntime.stowageRuntime;
}
