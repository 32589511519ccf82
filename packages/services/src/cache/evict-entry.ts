import type { Db, Prisma } from '@stowage/db';
import { recordEvent } from '../events/record-event';
import { enqueueJob } from '../jobs/enqueue-job';
import { countCache, type EvictionReason } from './cache-stats';
import { evictable } from './lease-rules';

const REASON_TEXT: Record<EvictionReason, string> = {
  ttl: 'idle longer than the store allows',
  pressure: 'space was needed',
  manual: 'an admin evicted it',
  failed_copy: 'its copy failed',
};

/**
 * ready → destroying for a cache entry with no live lease and no pin (invariant 2), checked in the same
 * statement that changes it; the bytes are deleted by a job. False when the entry is not evictable.
 */
export async function evictEntry(
  tx: Prisma.TransactionClient,
  options: { replicaId: string; storeId: string; reason: EvictionReason; actor: string; now: Date; detail?: string },
): Promise<boolean> {
  const changed = await tx.replica.updateMany({
    where: { id: options.replicaId, ...evictable(options.storeId, options.now) },
    data: { state: 'destroying' },
  });
  if (changed.count !== 1) return false;
  const replica = await tx.replica.findUniqueOrThrow({
    where: { id: options.replicaId },
    select: { objectId: true, bytesTotal: true, object: { select: { name: true } }, store: { select: { name: true, zoneId: true } } },
  });
  await enqueueJob(tx, { kind: 'delete', objectId: replica.objectId, replicaId: options.replicaId, targetStoreId: options.storeId });
  await countCache(tx, options.storeId, options.reason, 1, options.now);
  await recordEvent(tx, {
    actor: options.actor,
    type: 'cache.evicted',
    message: `${replica.object.name} evicted from ${replica.store.name}: ${options.detail ?? REASON_TEXT[options.reason]}`,
    severity: options.reason === 'manual' ? 'warning' : 'info',
    objectId: replica.objectId,
    storeId: options.storeId,
    zoneId: replica.store.zoneId,
    data: { reason: options.reason, bytes: Number(replica.bytesTotal ?? 0) },
  });
  return true;
}

/**
 * Victims to free `bytesNeeded`: evictable entries (the rule of `evictable`: ready, unpinned, no live lease),
 * least recently used first, until their bytes cover it. Reads them in LRU order through the
 * (storeId, state, lastAccessAt) index, in pages that double — most calls need one page — as plain SQL: each
 * page costs one statement, where Prisma's relation filter would cost a query per hundred rows.
 */
export async function chooseVictims(
  tx: Prisma.TransactionClient | Db,
  options: { storeId: string; bytesNeeded: number; now: Date; olderThan?: Date },
): Promise<{ id: string; bytes: number }[]> {
  const victims: { id: string; bytes: number }[] = [];
  let covered = 0;
  let pageSize = 256;
  let after: { lastAccessAt: Date | null; id: string } | null = null;
  while (covered < options.bytesNeeded) {
    const page: VictimRow[] = await tx.$queryRaw<VictimRow[]>`
      SELECT r."id", r."bytesTotal", r."lastAccessAt" FROM "Replica" r
      WHERE r."storeId" = ${options.storeId} AND r."state" = 'ready' AND r."pinned" = false
        AND (${options.olderThan ?? null} IS NULL OR r."lastAccessAt" < ${options.olderThan ?? null})
        AND (${after === null} OR r."lastAccessAt" > ${after?.lastAccessAt ?? null}
             OR (r."lastAccessAt" = ${after?.lastAccessAt ?? null} AND r."id" > ${after?.id ?? null})
             OR (r."lastAccessAt" IS NULL AND ${after?.lastAccessAt ?? null} IS NULL AND r."id" > ${after?.id ?? null})
             OR (r."lastAccessAt" IS NOT NULL AND ${after?.lastAccessAt ?? null} IS NULL))
        AND NOT EXISTS (
          SELECT 1 FROM "Lease" l WHERE l."replicaId" = r."id" AND l."releasedAt" IS NULL AND l."expiresAt" > ${options.now})
      ORDER BY r."lastAccessAt" ASC NULLS FIRST, r."id"
      LIMIT ${pageSize}`;
    for (const row of page) {
      if (covered >= options.bytesNeeded) break;
      const bytes = Number(row.bytesTotal ?? 0);
      victims.push({ id: row.id, bytes });
      covered += bytes;
    }
    if (page.length < pageSize) break;
    const last = page[page.length - 1]!;
    after = { lastAccessAt: last.lastAccessAt, id: last.id };
    pageSize *= 2;
  }
  return victims;
}

interface VictimRow {
  id: string;
  bytesTotal: bigint | null;
  lastAccessAt: Date | null;
}
