import { withSqlite, type Db, type SqliteConnection, type SqliteStatement } from '../client';
import { emptyBatch, type AccessBatch, type AccessBatchQuery } from './types';

/* SQLite keeps Prisma's DateTime as ISO text with +00:00: the same format compares in time order as text. */
const isoText = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');

const FIRST = `SELECT id, at, storeId, objectId, sizeBytes, hit FROM "CacheAccess"
  WHERE zoneId = ? AND at >= ? AND at < ? ORDER BY at, id LIMIT ?`;
const NEXT = `SELECT id, at, storeId, objectId, sizeBytes, hit FROM "CacheAccess"
  WHERE zoneId = ? AND at >= ? AND (at > ? OR id > ?) AND at < ? ORDER BY at, id LIMIT ?`;
/* NEXT's `at >= ?` is the index range's lower bound (zoneId, at, id); the OR alone would give it none, and every
 * batch would scan the window from its start. */

const prepared = new WeakMap<SqliteConnection, { first: SqliteStatement; next: SqliteStatement }>();

export async function readAccessBatch(db: Db, query: AccessBatchQuery): Promise<AccessBatch> {
  const result = await withSqlite(db, (connection) => {
    let statements = prepared.get(connection);
    if (!statements) prepared.set(connection, (statements = { first: connection.prepare(FIRST).raw(), next: connection.prepare(NEXT).raw() }));
    const { zoneId, from, to, after, limit } = query;
    const rows = (
      after
        ? statements.next.all(zoneId, isoText(after.at), isoText(after.at), after.id, isoText(to), limit)
        : statements.first.all(zoneId, isoText(from), isoText(to), limit)
    ) as [number | bigint, string, string, string, number | bigint, number | bigint][];
    const batch = emptyBatch();
    for (const [id, at, storeId, objectId, sizeBytes, hit] of rows) {
      batch.ids.push(Number(id));
      batch.times.push(Date.parse(at));
      batch.storeIds.push(storeId);
      batch.objectIds.push(objectId);
      batch.sizes.push(Number(sizeBytes));
      batch.hits.push(Number(hit) === 1);
    }
    batch.length = rows.length;
    return { batch };
  });
  if (result === null) throw new Error('The SQLite access-history reader needs the SQLite client made by createDb.');
  return result.batch;
}
