import { databaseKind, type Db } from '../client';
import * as postgres from './postgres';
import * as sqlite from './sqlite';
import type { SessionWithUser } from './types';

export type { SessionWithUser } from './types';

/** The session with this token and its user, in one indexed query on the database's own driver; null if none. */
export function sessionByToken(db: Db, token: string): Promise<SessionWithUser | null> {
  return databaseKind(db) === 'sqlite' ? sqlite.sessionByToken(db, token) : postgres.sessionByToken(db, token);
}
