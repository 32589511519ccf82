import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations, DEFAULT_MIGRATIONS_DIR } from '../src/migrate';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const dirs: string[] = [];
function tempDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-migrate-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('applyMigrations', () => {
  it('creates every table on an empty database, then has nothing left to do', () => {
    const url = `file:${path.join(tempDir(), 'nested', 'stowage.db')}`;
    const first = applyMigrations({ url });
    expect(first.applied.length).toBeGreaterThan(0);
    expect(first.alreadyApplied).toEqual([]);

    const second = applyMigrations({ url });
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual(first.applied);

    const db = new Database(url.slice('file:'.length));
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((row) => (row as { name: string }).name);
    expect(tables).toEqual(
      expect.arrayContaining(['Zone', 'Store', 'DataObject', 'Replica', 'Lease', 'Reservation', 'Job', 'Event']),
    );
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('refuses a migration that was edited after it was applied', () => {
    const migrations = tempDir();
    fs.mkdirSync(path.join(migrations, '001_first'));
    fs.writeFileSync(path.join(migrations, '001_first', 'migration.sql'), 'CREATE TABLE "A" ("id" TEXT);');
    const url = `file:${path.join(tempDir(), 'db.sqlite')}`;
    applyMigrations({ url, migrationsDir: migrations });
    fs.writeFileSync(path.join(migrations, '001_first', 'migration.sql'), 'CREATE TABLE "A" ("id" INTEGER);');
    expect(() => applyMigrations({ url, migrationsDir: migrations })).toThrow(/changed after it was applied/);
  });

  it('rolls a failing migration back whole and records nothing for it', () => {
    const migrations = tempDir();
    fs.mkdirSync(path.join(migrations, '001_ok'));
    fs.writeFileSync(path.join(migrations, '001_ok', 'migration.sql'), 'CREATE TABLE "A" ("id" TEXT);');
    fs.mkdirSync(path.join(migrations, '002_broken'));
    fs.writeFileSync(path.join(migrations, '002_broken', 'migration.sql'), 'CREATE TABLE "B" ("id" TEXT);\nNOT SQL;');
    const file = path.join(tempDir(), 'db.sqlite');
    expect(() => applyMigrations({ url: `file:${file}`, migrationsDir: migrations })).toThrow();
    const db = new Database(file);
    const names = db.prepare('SELECT name FROM "_stowage_migrations"').all();
    expect(names).toEqual([{ name: '001_ok' }]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'B'").all()).toEqual([]);
    db.close();
  });

  it('rebuilding a table keeps the rows that refer to it: no cascade, no set null, no refusal', () => {
    const migrations = tempDir();
    fs.mkdirSync(path.join(migrations, '001_tables'));
    fs.writeFileSync(
      path.join(migrations, '001_tables', 'migration.sql'),
      `CREATE TABLE "Parent" ("id" TEXT NOT NULL PRIMARY KEY);
       CREATE TABLE "Child" ("id" TEXT NOT NULL PRIMARY KEY, "parentId" TEXT REFERENCES "Parent" ("id") ON DELETE CASCADE);
       CREATE TABLE "Note" ("id" TEXT NOT NULL PRIMARY KEY, "parentId" TEXT REFERENCES "Parent" ("id") ON DELETE SET NULL);
       CREATE TABLE "Pin" ("id" TEXT NOT NULL PRIMARY KEY, "parentId" TEXT REFERENCES "Parent" ("id") ON DELETE RESTRICT);`,
    );
    const file = path.join(tempDir(), 'db.sqlite');
    applyMigrations({ url: `file:${file}`, migrationsDir: migrations });
    const seed = new Database(file);
    seed.exec(`INSERT INTO "Parent" VALUES ('p'); INSERT INTO "Child" VALUES ('c', 'p'); INSERT INTO "Note" VALUES ('n', 'p'); INSERT INTO "Pin" VALUES ('x', 'p');`);
    seed.close();

    // What `prisma migrate diff` writes to add a column to a table on SQLite.
    fs.mkdirSync(path.join(migrations, '002_rebuild_parent'));
    fs.writeFileSync(
      path.join(migrations, '002_rebuild_parent', 'migration.sql'),
      `PRAGMA defer_foreign_keys=ON;
       PRAGMA foreign_keys=OFF;
       CREATE TABLE "new_Parent" ("id" TEXT NOT NULL PRIMARY KEY, "label" TEXT NOT NULL);
       INSERT INTO "new_Parent" ("id", "label") SELECT "id", 'l' FROM "Parent";
       DROP TABLE "Parent";
       ALTER TABLE "new_Parent" RENAME TO "Parent";
       PRAGMA foreign_keys=ON;
       PRAGMA defer_foreign_keys=OFF;`,
    );
    expect(applyMigrations({ url: `file:${file}`, migrationsDir: migrations }).applied).toEqual(['002_rebuild_parent']);
    const db = new Database(file);
    expect(db.prepare('SELECT * FROM "Child"').all()).toEqual([{ id: 'c', parentId: 'p' }]);
    expect(db.prepare('SELECT * FROM "Note"').all()).toEqual([{ id: 'n', parentId: 'p' }]);
    expect(db.prepare('SELECT * FROM "Pin"').all()).toEqual([{ id: 'x', parentId: 'p' }]);
    db.close();
  });

  it('refuses a migration that leaves rows referring to rows that are gone, and rolls it back', () => {
    const migrations = tempDir();
    fs.mkdirSync(path.join(migrations, '001_tables'));
    fs.writeFileSync(
      path.join(migrations, '001_tables', 'migration.sql'),
      `CREATE TABLE "Parent" ("id" TEXT NOT NULL PRIMARY KEY);
       CREATE TABLE "Child" ("id" TEXT NOT NULL PRIMARY KEY, "parentId" TEXT REFERENCES "Parent" ("id"));
       INSERT INTO "Parent" VALUES ('p'); INSERT INTO "Child" VALUES ('c', 'p');`,
    );
    fs.mkdirSync(path.join(migrations, '002_loses_parents'));
    fs.writeFileSync(path.join(migrations, '002_loses_parents', 'migration.sql'), `DELETE FROM "Parent";`);
    const file = path.join(tempDir(), 'db.sqlite');
    expect(() => applyMigrations({ url: `file:${file}`, migrationsDir: migrations })).toThrow(
      'Migration 002_loses_parents leaves 1 row(s) of Child referring to missing Parent rows.',
    );
    const db = new Database(file);
    expect(db.prepare('SELECT * FROM "Parent"').all()).toEqual([{ id: 'p' }]);
    db.close();
  });
});

function schemaOf(file: string) {
  const db = new Database(file, { readonly: true });
  const rows = db
    .prepare(
      // Triggers are written by hand into migrations (Prisma's schema has none): the counts tests check them.
      "SELECT type, name, tbl_name AS tableName, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE '_stowage_%' AND type <> 'trigger' ORDER BY type, name",
    )
    .all() as { sql: string | null }[];
  db.close();
  // Whitespace is not schema: a column added by ALTER TABLE is stored on the line of the one before it.
  return rows.map((row) => ({ ...row, sql: row.sql?.replace(/\s+/g, ' ') ?? null }));
}

describe('committed migrations', () => {
  it('build exactly the schema that prisma/schema.prisma describes', () => {
    const migrated = path.join(tempDir(), 'migrated.db');
    applyMigrations({ url: `file:${migrated}`, migrationsDir: DEFAULT_MIGRATIONS_DIR });

    const fromSchema = path.join(tempDir(), 'from-schema.db');
    const script = execFileSync(
      'pnpm',
      ['-s', 'prisma', 'migrate', 'diff', '--from-empty', '--to-schema-datamodel', 'prisma/schema.prisma', '--script'],
      { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1' } },
    );
    const db = new Database(fromSchema);
    db.exec(script);
    db.close();

    expect(schemaOf(migrated)).toEqual(schemaOf(fromSchema));
  });
});
