import { databaseKindOf } from './database-url';
import { applyPostgresMigrations } from './migrate-postgres';
import { applyMigrations, type MigrationResult } from './migrate-sqlite';
import { refreshNameKeys } from './refresh-name-keys';

export { applyMigrations, DEFAULT_MIGRATIONS_DIR, sqlitePathFromUrl, type MigrationResult } from './migrate-sqlite';
export { applyPostgresMigrations, POSTGRES_MIGRATIONS_DIR } from './migrate-postgres';

/**
 * Brings the database at `url` up to date at start-up: the committed migrations of its kind, then (SQLite) the
 * name keys an earlier migration could only fold in ASCII. PostgreSQL's migrations never computed a name key
 * in SQL, so there is nothing to refresh there.
 */
export async function migrateDatabase(options: { url: string }): Promise<MigrationResult> {
  if (databaseKindOf(options.url) === 'postgres') return applyPostgresMigrations(options);
  const result = applyMigrations(options);
  refreshNameKeys(options);
  return result;
}
