import Database from 'better-sqlite3';
import { nameKey } from '@stowage/core';
import { sqlitePathFromUrl } from './migrate-sqlite';

const NAMED_TABLES = ['Zone', 'Store', 'DataObject'] as const;

interface NamedRow {
  id: string;
  name: string;
  nameKey: string;
}

/**
 * Recomputes every Zone, Store and DataObject nameKey with nameKey() where it differs: SQL (the migration that
 * added the column) folds only ASCII. Of names that turn out to be one name, the row already holding the plain
 * key keeps it (else the earliest); each other one gets "<key>#<id>", which no name can have, and keeps its
 * name. Idempotent; meant to run once after the migrations, at start-up. Returns how many keys it changed.
 */
export function refreshNameKeys(options: { url: string }): number {
  const db = new Database(sqlitePathFromUrl(options.url), { timeout: 10_000 });
  try {
    return db.transaction(() => NAMED_TABLES.reduce((changed, table) => changed + refreshTable(db, table), 0)).immediate();
  } finally {
    db.close();
  }
}

function refreshTable(db: Database.Database, table: (typeof NAMED_TABLES)[number]): number {
  const rows = db.prepare(`SELECT "id", "name", "nameKey" FROM "${table}" ORDER BY "createdAt", "id"`).all() as NamedRow[];
  const byKey = new Map<string, NamedRow[]>();
  for (const row of rows) {
    const key = nameKey(row.name);
    const named = byKey.get(key);
    if (named) named.push(row);
    else byKey.set(key, [row]);
  }
  const wanted = new Map<string, string>();
  for (const [key, named] of byKey) {
    const holder = named.find((row) => row.nameKey === key) ?? named[0]!;
    for (const row of named) wanted.set(row.id, row === holder ? key : `${key}#${row.id}`);
  }
  const stale = rows.filter((row) => wanted.get(row.id) !== row.nameKey);
  // Through a placeholder first, so that two rows trading keys never meet on the unique index.
  const update = db.prepare(`UPDATE "${table}" SET "nameKey" = ? WHERE "id" = ?`);
  for (const row of stale) update.run(`#${row.id}`, row.id);
  for (const row of stale) update.run(wanted.get(row.id), row.id);
  return stale.length;
}
