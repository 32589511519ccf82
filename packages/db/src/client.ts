import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { PrismaClient } from './generated/prisma/client';
import { PrismaClient as PostgresPrismaClient } from './generated/postgres/client';
import { databaseKindOf, type DatabaseKind } from './database-url';
import { ImmediateTransactionsAdapter } from './immediate-transactions';
import { createPostgresPool } from './postgres-pool';
import { ReleasedTransactionsAdapter } from './released-transactions';
import { withSerializableTransactions } from './serializable-transactions';
import { withAfterCommit } from './after-commit';

/**
 * Stowage's database client. Both generated clients (prisma/schema.prisma and its PostgreSQL twin) have the
 * same models; the SQLite client's type stands for both (client-types.ts checks that they stay alike).
 */
export type Db = PrismaClient;
export { Prisma } from './generated/prisma/client';
export type SqliteConnection = Database.Database;
export type SqliteStatement = Database.Statement<unknown[]>;
export type PostgresPool = pg.Pool;

/** Kept on the client itself, so that extended clients and proxies over it find them too. */
const ADAPTER = Symbol.for('stowage.db.adapter');
const POOL = Symbol.for('stowage.db.pool');
const KIND = Symbol.for('stowage.db.kind');

export interface CreateDbOptions {
  /** `file:` (SQLite, the embedded default) or `postgresql://` (PostgreSQL). */
  url: string;
  /** PostgreSQL: connections in this process's pool (else `connection_limit` in the URL, else 10). */
  poolSize?: number;
  /** PostgreSQL: shown in pg_stat_activity (web, worker, agent-api…). */
  applicationName?: string;
}

/** Opens the database at `url`, picking the client and its driver adapter by the URL's scheme. */
export function createDb(options: CreateDbOptions): Db {
  return databaseKindOf(options.url) === 'sqlite' ? createSqliteDb(options.url) : createPostgresDb(options);
}

function createSqliteDb(url: string): Db {
  // Several processes (web, workers) share the file: wait for locks instead of failing at once.
  const adapter = new ImmediateTransactionsAdapter(new PrismaBetterSQLite3({ url, timeout: 10_000 }));
  const db = new PrismaClient({ adapter });
  Object.defineProperty(db, ADAPTER, { value: adapter });
  Object.defineProperty(db, KIND, { value: 'sqlite' });
  return withAfterCommit(db, reportAfterCommitFailure);
}

function createPostgresDb(options: CreateDbOptions): Db {
  const pool = createPostgresPool(options);
  const client = new PostgresPrismaClient({ adapter: new ReleasedTransactionsAdapter(new PrismaPg(pool)) });
  const disconnect = client.$disconnect.bind(client);
  Object.defineProperty(client, '$disconnect', { value: async () => (await disconnect(), pool.ended ? undefined : await pool.end()) });
  Object.defineProperty(client, POOL, { value: pool });
  Object.defineProperty(client, KIND, { value: 'postgres' });
  return withAfterCommit(withSerializableTransactions(client as unknown as Db), reportAfterCommitFailure);
}

/** The transaction it followed has committed: its caller succeeded, so a failed after-commit task is only reported. */
function reportAfterCommitFailure(error: unknown): void {
  console.warn(`stowage: a task after a commit failed: ${error instanceof Error ? error.message : String(error)}`);
}

/** Which database `db` runs on. */
export function databaseKind(db: Db): DatabaseKind {
  const kind = (db as unknown as Record<symbol, DatabaseKind | undefined>)[KIND];
  if (!kind) throw new Error('Not a client made by createDb.');
  return kind;
}

/**
 * Runs `work` synchronously on the SQLite connection behind `db`, in its turn with Prisma's own queries and
 * transactions. For hot paths where Prisma's per-query cost (about a millisecond) dominates: a synchronous
 * better-sqlite3 transaction of a few prepared statements costs tens of microseconds. `null` when `db` is not
 * (and does not wrap) an SQLite client made by createDb.
 */
export async function withSqlite<T>(db: Db, work: (connection: SqliteConnection) => T): Promise<T | null> {
  const adapter = (db as unknown as Record<symbol, ImmediateTransactionsAdapter | undefined>)[ADAPTER];
  if (!adapter) return null;
  const ran = (await adapter.withConnection(work)) ?? (await db.$connect(), await adapter.withConnection(work));
  if (!ran) throw new Error('The database connection did not open.');
  return ran.value;
}

/**
 * The pg pool behind a PostgreSQL `db` (Prisma's adapter uses it too), for hot paths in plain SQL: raw queries
 * through Prisma cost about twice as much. `null` when `db` is not a PostgreSQL client made by createDb.
 */
export function postgresPoolOf(db: Db): PostgresPool | null {
  return (db as unknown as Record<symbol, PostgresPool | undefined>)[POOL] ?? null;
}
