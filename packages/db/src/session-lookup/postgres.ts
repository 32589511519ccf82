import { postgresPoolOf, type Db } from '../client';
import { normalised, sessionByTokenSql, type RawSessionRow, type SessionWithUser } from './types';

const SESSION_BY_TOKEN = { name: 'stowage_session_by_token', text: sessionByTokenSql('$1') };

/** One named statement on the pg pool (raw queries through Prisma cost about twice as much). */
export async function sessionByToken(db: Db, token: string): Promise<SessionWithUser | null> {
  const pool = postgresPoolOf(db);
  if (!pool) throw new Error('The PostgreSQL session lookup needs the PostgreSQL client made by createDb.');
  const result = await pool.query({ ...SESSION_BY_TOKEN, values: [token] });
  const row = result.rows[0] as RawSessionRow | undefined;
  return row ? normalised(row) : null;
}
