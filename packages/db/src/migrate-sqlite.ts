import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

/** SQLite's committed migrations (prisma/migrations/<name>/migration.sql). */
export const DEFAULT_MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../prisma/migrations');

export interface MigrationResult {
  applied: string[];
  alreadyApplied: string[];
}

/** The migration folders in name order, each with its SQL and that SQL's checksum. */
export function readMigrations(migrationsDir: string): { name: string; sql: string; checksum: string }[] {
  return fs
    .readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(migrationsDir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

export function changedAfterApplied(name: string): Error {
  return new Error(`Migration ${name} was changed after it was applied; write a new migration instead.`);
}

export function sqlitePathFromUrl(url: string): string {
  if (!url.startsWith('file:')) throw new Error('applyMigrations supports file: (SQLite) URLs');
  return url.slice('file:'.length).split('?')[0] ?? '';
}

/**
 * SQLite: applies the committed migrations (prisma/migrations/<name>/migration.sql) that the database has not
 * seen yet, in name order, each in its own transaction, and records them with their checksum.
 * A migration that was applied and later edited is refused rather than silently skipped.
 */
export function applyMigrations(options: { url: string; migrationsDir?: string }): MigrationResult {
  const migrationsDir = options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR;
  const file = sqlitePathFromUrl(options.url);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, { timeout: 10_000 });
  try {
    db.pragma('journal_mode = WAL');
    // Off while migrating, as SQLite prescribes for schema changes: a table is rebuilt by copying it, dropping
    // it and renaming the copy, and with foreign keys on, that drop would cascade, set null or refuse on every
    // row that refers to it (PRAGMA foreign_keys inside the migration's transaction does nothing). Each
    // migration is checked for dangling references before it commits instead.
    db.pragma('foreign_keys = OFF');
    db.exec(`CREATE TABLE IF NOT EXISTS "_stowage_migrations" (
      "name" TEXT NOT NULL PRIMARY KEY,
      "checksum" TEXT NOT NULL,
      "appliedAt" TEXT NOT NULL
    )`);
    const done = new Map(
      (db.prepare('SELECT name, checksum FROM "_stowage_migrations"').all() as { name: string; checksum: string }[]).map(
        (row) => [row.name, row.checksum],
      ),
    );
    const result: MigrationResult = { applied: [], alreadyApplied: [] };
    for (const { name, sql, checksum } of readMigrations(migrationsDir)) {
      const previous = done.get(name);
      if (previous !== undefined) {
        if (previous !== checksum) throw changedAfterApplied(name);
        result.alreadyApplied.push(name);
        continue;
      }
      db.transaction(() => {
        db.exec(sql);
        const dangling = db.pragma('foreign_key_check') as { table: string; parent: string }[];
        if (dangling.length > 0) {
          const first = dangling[0]!;
          throw new Error(`Migration ${name} leaves ${dangling.length} row(s) of ${first.table} referring to missing ${first.parent} rows.`);
        }
        db.prepare('INSERT INTO "_stowage_migrations" (name, checksum, appliedAt) VALUES (?, ?, ?)').run(
          name,
          checksum,
          new Date().toISOString(),
        );
      })();
      result.applied.push(name);
    }
    return result;
  } finally {
    db.close();
  }
}
