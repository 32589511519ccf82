import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import type Database from 'better-sqlite3';
import { PrismaClient } from './generated/prisma/client';
import { ImmediateTransactionsAdapter } from './immediate-transactions';

export type Db = PrismaClient;
export { Prisma } from './generated/prisma/client';
export type SqliteConnection = Database.Database;
export type SqliteStatement = Database.Statement<unknown[]>;

/** Kept on the client itself, so that extended clients and proxies over it find it too. */
const ADAPTER = Symbol.for('stowage.db.adapter');

/** Opens the database at `url` (a `file:` URL: SQLite, the embedded default). */
export function createDb(options: { url: string }): Db {
  const { url } = options;
  if (!url.startsWith('file:')) {
    throw new Error(`Unsupported DATABASE_URL scheme: ${url.split(':')[0]}: (expected file:)`);
  }
  // Several processes (web, workers) share the file: wait for locks instead of failing at once.
  const adapter = new ImmediateTransactionsAdapter(new PrismaBetterSQLite3({ url, timeout: 10_000 }));
  const db = new PrismaClient({ adapter });
  Object.defineProperty(db, ADAPTER, { value: adapter });
  return db;
}

/**
 * Runs `work` synchronously on the SQLite connection behind `db`, in its turn with Prisma's own queries and
 * transactions. For hot paths where Prisma's per-query cost (about a millisecond) dominates: a synchronous
 * better-sqlite3 transaction of a few prepared statements costs tens of microseconds. `null` when `db` is not
 * (and does not wrap) a client made by createDb.
 */
export async function withSqlite<T>(db: Db, work: (connection: SqliteConnection) => T): Promise<T | null> {
  const adapter = (db as unknown as Record<symbol, ImmediateTransactionsAdapter | undefined>)[ADAPTER];
  if (!adapter) return null;
  const ran = (await adapter.withConnection(work)) ?? (await db.$connect(), await adapter.withConnection(work));
  if (!ran) throw new Error('The database connection did not open.');
  return ran.value;
}
