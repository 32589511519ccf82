import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from './generated/prisma/client';
import { ImmediateTransactionsAdapter } from './immediate-transactions';

export type Db = PrismaClient;
export { Prisma } from './generated/prisma/client';

/** Opens the database at `url` (a `file:` URL: SQLite, the embedded default). */
export function createDb(options: { url: string }): Db {
  const { url } = options;
  if (!url.startsWith('file:')) {
    throw new Error(`Unsupported DATABASE_URL scheme: ${url.split(':')[0]}: (expected file:)`);
  }
  // Several processes (web, workers) share the file: wait for locks instead of failing at once.
  const adapter = new ImmediateTransactionsAdapter(new PrismaBetterSQLite3({ url, timeout: 10_000 }));
  return new PrismaClient({ adapter });
}
