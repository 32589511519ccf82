import { readAccessBatch, type AccessBatch, type Db } from '@stowage/db';

export const ACCESS_BATCH_ROWS = 20_000;

/**
 * A zone's access history in [from, to) in time order, batch by batch (keyset on (at, id), so each batch is one
 * index range read however far into the window it is). Memory: one batch at a time.
 */
export async function* readAccessHistory(
  db: Db,
  window: { zoneId: string; from: Date; to: Date; batchRows?: number },
): AsyncGenerator<AccessBatch> {
  const limit = window.batchRows ?? ACCESS_BATCH_ROWS;
  let after: { at: number; id: number } | null = null;
  for (;;) {
    const batch = await readAccessBatch(db, { zoneId: window.zoneId, from: window.from.getTime(), to: window.to.getTime(), after, limit });
    if (batch.length === 0) return;
    yield batch;
    if (batch.length < limit) return;
    after = { at: batch.times[batch.length - 1]!, id: batch.ids[batch.length - 1]! };
  }
}
