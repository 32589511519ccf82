import { databaseKind, type Db } from '../client';
import * as postgres from './postgres';
import * as sqlite from './sqlite';
import type { AccessBatch, AccessBatchQuery } from './types';

export type { AccessBatch, AccessBatchQuery } from './types';

/**
 * One keyset batch of a zone's access history in [from, to), in (at, id) order, after the given row: one indexed
 * range read on the database's own driver (Prisma's findMany builds an object per row and costs several times more).
 */
export function readAccessBatch(db: Db, query: AccessBatchQuery): Promise<AccessBatch> {
  return databaseKind(db) === 'sqlite' ? sqlite.readAccessBatch(db, query) : postgres.readAccessBatch(db, query);
}
