import { postgresPoolOf, type Db } from '../client';
import { emptyBatch, type AccessBatch, type AccessBatchQuery } from './types';

/* Times and sizes come back as float8: pg would read timestamp(3) (no time zone) in the process's zone, and int8 as
 * text. The time's alias is not "at": ORDER BY "at" would then sort by the computed column, not the index's. */
const COLUMNS = `id, round(extract(epoch from "at") * 1000)::float8 AS at_ms, "storeId", "objectId", "sizeBytes"::float8 AS size, hit`;
const FIRST = {
  name: 'stowage_access_history_first',
  text: `SELECT ${COLUMNS} FROM "CacheAccess" WHERE "zoneId" = $1 AND "at" >= $2 AND "at" < $3 ORDER BY "at", id LIMIT $4`,
};
const NEXT = {
  name: 'stowage_access_history_next',
  text: `SELECT ${COLUMNS} FROM "CacheAccess" WHERE "zoneId" = $1 AND ("at", id) > ($2::timestamp(3), $3::int) AND "at" < $4 ORDER BY "at", id LIMIT $5`,
};

const timestamp = (ms: number) => new Date(ms).toISOString().replace('Z', '');

export async function readAccessBatch(db: Db, query: AccessBatchQuery): Promise<AccessBatch> {
  const pool = postgresPoolOf(db);
  if (!pool) throw new Error('The PostgreSQL access-history reader needs the PostgreSQL client made by createDb.');
  const { zoneId, from, to, after, limit } = query;
  const result = after
    ? await pool.query({ ...NEXT, rowMode: 'array', values: [zoneId, timestamp(after.at), after.id, timestamp(to), limit] })
    : await pool.query({ ...FIRST, rowMode: 'array', values: [zoneId, timestamp(from), timestamp(to), limit] });
  const batch = emptyBatch();
  for (const [id, at, storeId, objectId, size, hit] of result.rows as [number, number, string, string, number, boolean][]) {
    batch.ids.push(id);
    batch.times.push(at);
    batch.storeIds.push(storeId);
    batch.objectIds.push(objectId);
    batch.sizes.push(size);
    batch.hits.push(hit);
  }
  batch.length = result.rows.length;
  return batch;
}
