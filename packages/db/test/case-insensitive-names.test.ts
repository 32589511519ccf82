/* The migration that made names unique regardless of case, on a database that already holds names differing only
 * in case, and the start-up pass that recomputes the keys SQL could not fold. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyMigrations, DEFAULT_MIGRATIONS_DIR } from '../src/migrate';
import { refreshNameKeys } from '../src/refresh-name-keys';

const MIGRATION = fs.readdirSync(DEFAULT_MIGRATIONS_DIR).find((name) => name.endsWith('_case_insensitive_names'))!;

let dir: string;
let file: string;
let url: string;

/** A database migrated up to just before MIGRATION. */
function databaseBeforeTheMigration() {
  const earlier = path.join(dir, 'earlier-migrations');
  for (const name of fs.readdirSync(DEFAULT_MIGRATIONS_DIR).filter((name) => name < MIGRATION)) {
    fs.cpSync(path.join(DEFAULT_MIGRATIONS_DIR, name), path.join(earlier, name), { recursive: true });
  }
  applyMigrations({ url, migrationsDir: earlier });
}

function run(sql: string) {
  const db = new Database(file);
  db.exec(sql);
  db.close();
}

function keys(table: string) {
  const db = new Database(file, { readonly: true });
  const rows = db.prepare(`SELECT "id", "name", "nameKey" FROM "${table}" ORDER BY "id"`).all();
  db.close();
  return rows;
}

function all(sql: string) {
  const db = new Database(file, { readonly: true });
  const rows = db.prepare(sql).all();
  db.close();
  return rows;
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-names-'));
  file = path.join(dir, 'stowage.db');
  url = `file:${file}`;
  databaseBeforeTheMigration();
  run(`
    INSERT INTO "Zone" ("id", "name", "mode", "createdAt", "updatedAt") VALUES
      ('z1', 'h1-backup', 'backup', 1, 1), ('z2', 'H1-BACKUP', 'backup', 2, 2), ('z3', 'H1-Backup', 'backup', 3, 3),
      ('z4', 'Zürich', 'backup', 4, 4), ('z5', 'ZÜRICH', 'backup', 5, 5),
      ('z6', 'straße', 'backup', 6, 6), ('z7', 'STRASSE', 'backup', 7, 7), ('z8', 'east', 'backup', 8, 8);
    INSERT INTO "Store" ("id", "name", "provider", "role", "zoneId", "config", "createdAt", "updatedAt") VALUES
      ('s1', 'nfs-a', 'nfs', 'record', 'z1', '{}', 1, 1), ('s2', 'NFS-A', 'nfs', 'record', 'z2', '{}', 2, 2);
    INSERT INTO "DataObject" ("id", "name", "kind", "format", "originType", "originZoneId", "createdAt", "updatedAt", "deletedAt") VALUES
      ('o1', 'cirros', 'template', 'qcow2', 'url', 'z2', 1, 1, NULL), ('o2', 'CirrOS', 'template', 'qcow2', 'url', 'z1', 2, 2, 2);
    INSERT INTO "PlacementZone" ("objectId", "zoneId") VALUES ('o1', 'z1'), ('o2', 'z2');
    INSERT INTO "Replica" ("id", "objectId", "storeId", "location", "createdAt", "updatedAt") VALUES ('r1', 'o1', 's2', 'objects/o1', 1, 1);
    INSERT INTO "Event" ("id", "actor", "type", "message", "zoneId", "storeId", "objectId") VALUES ('e1', 'test', 't', 'm', 'z2', 's2', 'o2');
  `);
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the case_insensitive_names migration', () => {
  it('applies on a database holding names that differ only in case: the earliest keeps the key, later ones a key of their own', () => {
    expect(applyMigrations({ url }).applied).toContain(MIGRATION);

    expect(keys('Zone')).toEqual([
      { id: 'z1', name: 'h1-backup', nameKey: 'h1-backup' },
      { id: 'z2', name: 'H1-BACKUP', nameKey: 'h1-backup#z2' },
      { id: 'z3', name: 'H1-Backup', nameKey: 'h1-backup#z3' },
      // SQL lower() folds ASCII only: these are left for refreshNameKeys.
      { id: 'z4', name: 'Zürich', nameKey: 'zürich' },
      { id: 'z5', name: 'ZÜRICH', nameKey: 'zÜrich' },
      { id: 'z6', name: 'straße', nameKey: 'straße' },
      { id: 'z7', name: 'STRASSE', nameKey: 'strasse' },
      { id: 'z8', name: 'east', nameKey: 'east' },
    ]);
    expect(keys('Store')).toEqual([
      { id: 's1', name: 'nfs-a', nameKey: 'nfs-a' },
      { id: 's2', name: 'NFS-A', nameKey: 'nfs-a#s2' },
    ]);
    expect(keys('DataObject')).toEqual([
      { id: 'o1', name: 'cirros', nameKey: 'cirros' },
      { id: 'o2', name: 'CirrOS', nameKey: 'cirros#o2' },
    ]);
  });

  it('keeps every row that refers to the rebuilt tables', () => {
    applyMigrations({ url });
    expect(all('SELECT "objectId", "zoneId" FROM "PlacementZone" ORDER BY "objectId"')).toEqual([
      { objectId: 'o1', zoneId: 'z1' },
      { objectId: 'o2', zoneId: 'z2' },
    ]);
    expect(all('SELECT "id", "zoneId" FROM "Store" ORDER BY "id"')).toEqual([
      { id: 's1', zoneId: 'z1' },
      { id: 's2', zoneId: 'z2' },
    ]);
    expect(all('SELECT "id", "originZoneId", "deletedAt" FROM "DataObject" ORDER BY "id"')).toEqual([
      { id: 'o1', originZoneId: 'z2', deletedAt: null },
      { id: 'o2', originZoneId: 'z1', deletedAt: 2 },
    ]);
    expect(all('SELECT "storeId", "objectId" FROM "Replica"')).toEqual([{ storeId: 's2', objectId: 'o1' }]);
    expect(all('SELECT "zoneId", "storeId", "objectId" FROM "Event"')).toEqual([{ zoneId: 'z2', storeId: 's2', objectId: 'o2' }]);
  });
});

describe('refreshNameKeys', () => {
  it('folds what SQL could not, keeping the key where a row already holds it, and changes nothing the second time', () => {
    applyMigrations({ url });
    expect(refreshNameKeys({ url })).toBe(2);
    expect(keys('Zone')).toEqual([
      { id: 'z1', name: 'h1-backup', nameKey: 'h1-backup' },
      { id: 'z2', name: 'H1-BACKUP', nameKey: 'h1-backup#z2' },
      { id: 'z3', name: 'H1-Backup', nameKey: 'h1-backup#z3' },
      { id: 'z4', name: 'Zürich', nameKey: 'zürich' },
      { id: 'z5', name: 'ZÜRICH', nameKey: 'zürich#z5' },
      // "STRASSE" already answered to "strasse", so it keeps it although "straße" is older.
      { id: 'z6', name: 'straße', nameKey: 'strasse#z6' },
      { id: 'z7', name: 'STRASSE', nameKey: 'strasse' },
      { id: 'z8', name: 'east', nameKey: 'east' },
    ]);
    expect(refreshNameKeys({ url })).toBe(0);
  });

  it('gives the plain key to the earliest of the others once its holder is renamed', () => {
    applyMigrations({ url });
    run(`UPDATE "Zone" SET "name" = 'west', "nameKey" = 'west' WHERE "id" = 'z1'`);
    refreshNameKeys({ url });
    expect(keys('Zone').slice(0, 3)).toEqual([
      { id: 'z1', name: 'west', nameKey: 'west' },
      { id: 'z2', name: 'H1-BACKUP', nameKey: 'h1-backup' },
      { id: 'z3', name: 'H1-Backup', nameKey: 'h1-backup#z3' },
    ]);
  });
});
