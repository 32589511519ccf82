import path from 'node:path';
import { z } from 'zod';
import type { CreateDbOptions } from '@stowage/db';
import { defaultDatabaseUrl } from './prepare-data-dir';

const databaseUrl = z
  .string()
  .refine((value) => /^file:.+/.test(value) || isPostgresUrl(value), 'DATABASE_URL must be a file: URL (SQLite) or a postgresql://host/database URL (PostgreSQL)');

function isPostgresUrl(value: string): boolean {
  if (!/^postgres(ql)?:\/\//.test(value)) return false;
  try {
    const url = new URL(value);
    return url.hostname !== '' && url.pathname.length > 1;
  } catch {
    return false;
  }
}

/** The variables that locate an installation's data, the same for every process of it (web app, workers, agent API, supervisor). */
export const dataDirVariables = {
  /** Where the embedded default keeps its database, secret key and demo stores. */
  STOWAGE_DATA_DIR: z
    .string()
    .default('.data')
    .transform((value) => path.resolve(value)),
  /** Unset: SQLite in the data directory. */
  DATABASE_URL: databaseUrl.optional(),
  /** PostgreSQL: connections in this process's pool (else connection_limit in the URL, else 10). */
  STOWAGE_DB_POOL_SIZE: z.coerce.number().int().min(1).max(1000).optional(),
};

/** How a process of the installation opens its database: the URL (or the data directory's SQLite file), its pool, its name. */
export function databaseOptions(
  env: { STOWAGE_DATA_DIR: string; DATABASE_URL?: string; STOWAGE_DB_POOL_SIZE?: number },
  applicationName: string,
): CreateDbOptions {
  return { url: env.DATABASE_URL ?? defaultDatabaseUrl(env.STOWAGE_DATA_DIR), poolSize: env.STOWAGE_DB_POOL_SIZE, applicationName: `stowage ${applicationName}` };
}
