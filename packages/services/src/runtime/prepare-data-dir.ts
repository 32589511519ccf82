import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { migrateDatabase } from '@stowage/db';
import { parseSecretKey } from '../secrets';

/** The database URL of the embedded default: a SQLite file in the data directory. */
export function defaultDatabaseUrl(dataDir: string): string {
  return `file:${path.join(path.resolve(dataDir), 'stowage.db')}`;
}

/**
 * The key that seals store secrets: STOWAGE_SECRET_KEY when given, else `<dataDir>/secret.key`,
 * created (mode 0600) on first use.
 */
export function loadSecretKey(options: { dataDir: string; keyFromEnv?: string }): Buffer {
  if (options.keyFromEnv) return parseSecretKey(options.keyFromEnv);
  const file = path.join(path.resolve(options.dataDir), 'secret.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      fs.writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
    }
  }
  return parseSecretKey(fs.readFileSync(file, 'utf8'), file);
}

/**
 * Creates the data directory and its secret key, and brings the database (the SQLite file in it, or
 * `databaseUrl`) up to date: replicas starting at once on one PostgreSQL database take turns.
 */
export async function prepareDataDir(options: { dataDir: string; databaseUrl?: string; keyFromEnv?: string }) {
  fs.mkdirSync(options.dataDir, { recursive: true });
  loadSecretKey(options);
  const url = options.databaseUrl ?? defaultDatabaseUrl(options.dataDir);
  const migrations = await migrateDatabase({ url });
  return { url, migrations };
}
