import { withSqlite, type Db, type SqliteConnection, type SqliteStatement } from '../client';
import { normalised, sessionByTokenSql, type RawSessionRow, type SessionWithUser } from './types';

const SESSION_BY_TOKEN = sessionByTokenSql('?');
const prepared = new WeakMap<SqliteConnection, SqliteStatement>();

/** A prepared statement on the database connection (see withSqlite): Prisma's per-query cost would be most of it. */
export async function sessionByToken(db: Db, token: string): Promise<SessionWithUser | null> {
  const result = await withSqlite(db, (connection) => {
    let statement = prepared.get(connection);
    if (!statement) prepared.set(connection, (statement = connection.prepare(SESSION_BY_TOKEN)));
    return { row: (statement.get(token) as RawSessionRow | undefined) ?? null };
  });
  if (result === null) throw new Error('The SQLite session lookup needs the SQLite client made by createDb.');
  return result.row && normalised(result.row);
}
