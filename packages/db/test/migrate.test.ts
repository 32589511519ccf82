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
});

function schemaOf(file: string) {
  const db = new Database(file, { readonly: true });
  const rows = db
    .prepare(
      "SELECT type, name, tbl_name AS tableName, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE '_stowage_%' ORDER BY type, name",
    )
    .all();
  db.close();
  return rows;
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
