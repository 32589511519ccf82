import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { changedAfterApplied, readMigrations, type MigrationResult } from './migrate-sqlite';

/** PostgreSQL's committed migrations, made by `prisma migrate diff` from prisma/postgres/schema.prisma. */
export const POSTGRES_MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../prisma/postgres/migrations');

/** Any fixed number: the transaction-scoped advisory lock that makes replicas starting at once take turns. */
const MIGRATION_LOCK = 7_316_820_011;

/**
 * PostgreSQL: applies the committed migrations the database has not seen yet, all in one transaction (DDL is
 * transactional here) that first takes a transaction-scoped advisory lock. Two replicas starting at once take
 * turns: the second finds the work done. A transaction-scoped lock, unlike a session one, holds behind
 * PgBouncer in transaction mode. An applied migration edited since is refused, as on SQLite.
 */
export async function applyPostgresMigrations(options: { url: string; migrationsDir?: string }): Promise<MigrationResult> {
  const migrations = readMigrations(options.migrationsDir ?? POSTGRES_MIGRATIONS_DIR);
  const client = new pg.Client({ connectionString: options.url, application_name: 'stowage migrations' });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)::text', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_stowage_migrations" (
      "name" TEXT NOT NULL PRIMARY KEY,
      "checksum" TEXT NOT NULL,
      "appliedAt" TIMESTAMP(3) NOT NULL
    )`);
    const { rows } = await client.query<{ name: string; checksum: string }>('SELECT "name", "checksum" FROM "_stowage_migrations"');
    const done = new Map(rows.map((row) => [row.name, row.checksum]));
    const result: MigrationResult = { applied: [], alreadyApplied: [] };
    for (const { name, sql, checksum } of migrations) {
      const previous = done.get(name);
      if (previous !== undefined) {
        if (previous !== checksum) throw changedAfterApplied(name);
        result.alreadyApplied.push(name);
        continue;
      }
      await client.query(sql);
      await client.query('INSERT INTO "_stowage_migrations" ("name", "checksum", "appliedAt") VALUES ($1, $2, now())', [name, checksum]);
      result.applied.push(name);
    }
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}
