import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { applyPostgresMigrations, POSTGRES_MIGRATIONS_DIR } from '../src/migrate-postgres';
import { createTestDatabaseUrl, dropTestDatabase } from '../src/testing';

/* On the real PostgreSQL cluster of the global setup. */
const repoRoot = path.resolve(import.meta.dirname, '../../..');
const urls: string[] = [];
async function emptyDatabase(): Promise<string> {
  // An empty database: made migrated, then emptied of everything the migrations made.
  const url = await createTestDatabaseUrl({ kind: 'postgres' });
  urls.push(url);
  await query(url, 'DROP SCHEMA public CASCADE; CREATE SCHEMA public');
  return url;
}
afterAll(async () => {
  for (const url of urls) await dropTestDatabase(url);
});

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Tables, columns, indexes and constraints of the public schema, in a stable order. */
async function schemaOf(url: string) {
  const columns = await query(
    url,
    `SELECT table_name, column_name, data_type, is_nullable, column_default, numeric_precision, datetime_precision
     FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE '\\_stowage%' ORDER BY table_name, column_name`,
  );
  const indexes = await query(url, `SELECT tablename::text, indexname::text, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE '\\_stowage%' ORDER BY indexname`);
  const constraints = await query(
    url,
    `SELECT conrelid::regclass::text AS table, conname::text AS name, pg_get_constraintdef(oid) AS definition
     FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT LIKE '\\_stowage%' ORDER BY conname`,
  );
  return { columns, indexes, constraints };
}

describe('PostgreSQL migrations', () => {
  it('build exactly the schema that prisma/postgres/schema.prisma describes', async () => {
    const migrated = await emptyDatabase();
    await applyPostgresMigrations({ url: migrated });

    const fromSchema = await emptyDatabase();
    const script = execFileSync(
      'pnpm',
      ['-s', 'prisma', 'migrate', 'diff', '--from-empty', '--to-schema-datamodel', 'prisma/postgres/schema.prisma', '--script'],
      { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1' } },
    );
    await query(fromSchema, script);

    const expected = await schemaOf(fromSchema);
    expect(expected.columns.length).toBeGreaterThan(50);
    expect(await schemaOf(migrated)).toEqual(expected);
  });

  it('are applied once, by one of several processes starting at the same moment', async () => {
    const url = await emptyDatabase();
    const results = await Promise.all([1, 2, 3].map(() => applyPostgresMigrations({ url })));
    const all = fs.readdirSync(POSTGRES_MIGRATIONS_DIR).sort();
    expect(results.filter((result) => result.applied.length > 0)).toHaveLength(1);
    expect(results.map((result) => [...result.applied, ...result.alreadyApplied].sort())).toEqual([all, all, all]);
    const recorded = await query<{ name: string }>(url, 'SELECT "name" FROM "_stowage_migrations" ORDER BY "name"');
    expect(recorded.map((row) => row.name)).toEqual(all);
  });

  it('refuse a migration edited after it was applied, and change nothing', async () => {
    const url = await emptyDatabase();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-pg-migrations-'));
    fs.mkdirSync(path.join(dir, '001_first'));
    fs.writeFileSync(path.join(dir, '001_first/migration.sql'), 'CREATE TABLE "First" ("id" TEXT PRIMARY KEY);');
    await applyPostgresMigrations({ url, migrationsDir: dir });
    fs.writeFileSync(path.join(dir, '001_first/migration.sql'), 'CREATE TABLE "First" ("id" INTEGER PRIMARY KEY);');
    fs.mkdirSync(path.join(dir, '002_second'));
    fs.writeFileSync(path.join(dir, '002_second/migration.sql'), 'CREATE TABLE "Second" ("id" TEXT PRIMARY KEY);');
    await expect(applyPostgresMigrations({ url, migrationsDir: dir })).rejects.toThrow(/changed after it was applied/);
    expect(await query(url, `SELECT to_regclass('public."Second"')::text AS second`)).toEqual([{ second: null }]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('leave nothing behind when one fails half-way', async () => {
    const url = await emptyDatabase();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-pg-migrations-'));
    fs.mkdirSync(path.join(dir, '001_good'));
    fs.writeFileSync(path.join(dir, '001_good/migration.sql'), 'CREATE TABLE "Good" ("id" TEXT PRIMARY KEY);');
    fs.mkdirSync(path.join(dir, '002_bad'));
    fs.writeFileSync(path.join(dir, '002_bad/migration.sql'), 'CREATE TABLE "Bad" ("id" TEXT PRIMARY KEY); SELECT no_such_function();');
    await expect(applyPostgresMigrations({ url, migrationsDir: dir })).rejects.toThrow(/no_such_function/);
    expect(await query(url, `SELECT to_regclass('public."Good"')::text AS good, to_regclass('public."_stowage_migrations"')::text AS log`)).toEqual([
      { good: null, log: null },
    ]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('prisma/postgres/schema.prisma', () => {
  it('is the one generated from prisma/schema.prisma', () => {
    expect(() => execFileSync('node', ['scripts/generate-postgres-schema.mjs', '--check'], { cwd: repoRoot, stdio: 'pipe' })).not.toThrow();
  });
});
