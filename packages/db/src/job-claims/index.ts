import { postgresPoolOf, withSqlite, type Db } from '../client';
import { claimJobRowsOnPostgres } from './postgres';
import { claimJobRowsOnSqlite } from './sqlite';
import type { ClaimedJobRow, ClaimJobRowsOptions } from './types';

export type { ClaimedJobRow, ClaimJobRowsOptions, OverlappingClaims } from './types';
export { findOverlappingClaimRows } from './overlapping-claims';
export { succeedJobRow, type SucceedJobRowOptions } from './succeed';

/**
 * Claims up to `max` claimable jobs for `workerId` in one statement (PostgreSQL) or one IMMEDIATE transaction
 * (SQLite), logging each claim (a JobClaim row) and ending the claim it takes over as lost, atomically with it.
 */
export async function claimJobRows(db: Db, options: ClaimJobRowsOptions): Promise<ClaimedJobRow[]> {
  const pool = postgresPoolOf(db);
  if (pool) return claimJobRowsOnPostgres(pool, options);
  const claimed = await withSqlite(db, (connection) => claimJobRowsOnSqlite(connection, options));
  if (claimed === null) throw new Error('claimJobRows needs a client made by createDb.');
  return claimed;
}
