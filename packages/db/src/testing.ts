import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDb, type Db } from './client';
import type { DatabaseKind } from './database-url';
import { applyPostgresMigrations } from './migrate-postgres';
import { applyMigrations } from './migrate-sqlite';

export interface TestDb {
  db: Db;
  url: string;
  kind: DatabaseKind;
  dispose: () => Promise<void>;
}

/**
 * The database the tests of this run use: `STOWAGE_TEST_DATABASE=postgres` runs them on the PostgreSQL cluster
 * the Vitest global setup started (STOWAGE_TEST_POSTGRES_URL); otherwise SQLite.
 */
export function testDatabaseKind(): DatabaseKind {
  return testEnvironment().STOWAGE_TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';
}

/** Tests have no app env.ts: these two variables are set by the test runner (a Vitest project, a global setup). */
function testEnvironment(): { STOWAGE_TEST_DATABASE?: string; STOWAGE_TEST_POSTGRES_URL?: string } {
  // eslint-disable-next-line no-restricted-properties
  return process.env;
}

/** A migrated, throwaway database for one test file, of the run's kind. */
export async function createTestDb(options: { kind?: DatabaseKind } = {}): Promise<TestDb> {
  const url = await createTestDatabaseUrl(options);
  const db = createDb({ url });
  return { db, url, kind: options.kind ?? testDatabaseKind(), dispose: async () => { await db.$disconnect(); await dropTestDatabase(url); } };
}

/** A migrated, empty database of the run's kind (or `kind`), by URL: for tests that start processes on it. */
export async function createTestDatabaseUrl(options: { kind?: DatabaseKind } = {}): Promise<string> {
  const kind = options.kind ?? testDatabaseKind();
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-test-db-'));
    const url = `file:${path.join(dir, 'test.db')}`;
    applyMigrations({ url });
    return url;
  }
  const server = postgresServerUrl();
  const name = `stowage_test_${randomBytes(6).toString('hex')}`;
  await onServer(server, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = withDatabase(server, name);
  await applyPostgresMigrations({ url });
  return url;
}

/** Removes a database made by createTestDatabaseUrl (its file, or the PostgreSQL database). */
export async function dropTestDatabase(url: string): Promise<void> {
  if (url.startsWith('file:')) {
    fs.rmSync(path.dirname(url.slice('file:'.length)), { recursive: true, force: true });
    return;
  }
  const name = new URL(url).pathname.slice(1);
  await onServer(postgresServerUrl(), (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

function postgresServerUrl(): string {
  const url = testEnvironment().STOWAGE_TEST_POSTGRES_URL;
  if (!url) {
    throw new Error(
      'STOWAGE_TEST_DATABASE=postgres needs the PostgreSQL cluster of the Vitest global setup (@stowage/test-support/postgres-global-setup): STOWAGE_TEST_POSTGRES_URL is not set.',
    );
  }
  return url;
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function onServer<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
