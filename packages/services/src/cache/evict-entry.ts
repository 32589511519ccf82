import { Prisma, type Db } from '@stowage/db';
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
 * least recently used first (never accessed first), until their bytes cover it. Reads them in LRU order through
 * the (storeId, state, lastAccessAt) index, in pages that double — most calls need one page — as plain SQL: each
 * page costs one statement, where Prisma's relation filter would cost a query per hundred rows. The entries
 * never accessed are read before the others by a query of their own rather than by NULLS FIRST: PostgreSQL's
 * ascending index keeps NULLs last and could not give that order without sorting every entry.
 */
export async function chooseVictims(
  tx: Prisma.TransactionClient | Db,
  options: { storeId: string; bytesNeeded: number; now: Date; olderThan?: Date },
): Promise<{ id: string; bytes: number }[]> {
  const victims: { id: string; bytes: number }[] = [];
  let covered = 0;
  let pageSize = 256;
  // Never accessed (lastAccessAt NULL) first — unless only entries idle since `olderThan` are wanted.
  let neverAccessed = options.olderThan === undefined;
  let after: { lastAccessAt: Date | null; id: string } | null = null;
  while (covered < options.bytesNeeded) {
    const page: VictimRow[] = await tx.$queryRaw<VictimRow[]>`
      SELECT r."id", r."bytesTotal", r."lastAccessAt" FROM "Replica" r
      WHERE r."storeId" = ${options.storeId} AND r."state" = 'ready' AND r."pinned" = false
        AND ${victimOrder(neverAccessed, after, options.olderThan)}
        AND NOT EXISTS (
          SELECT 1 FROM "Lease" l WHERE l."replicaId" = r."id" AND l."releasedAt" IS NULL AND l."expiresAt" > ${options.now})
      ORDER BY ${neverAccessed ? Prisma.sql`r."id"` : Prisma.sql`r."lastAccessAt", r."id"`}
      LIMIT ${pageSize}`;
    for (const row of page) {
      if (covered >= options.bytesNeeded) break;
      const bytes = Number(row.bytesTotal ?? 0);
      victims.push({ id: row.id, bytes });
      covered += bytes;
    }
    if (page.length < pageSize) {
      if (!neverAccessed) break;
      neverAccessed = false;
      after = null;
      continue;
    }
    const last = page[page.length - 1]!;
    after = { lastAccessAt: last.lastAccessAt, id: last.id };
    pageSize *= 2;
  }
  return victims;
}

/** Which entries come after `after` in the order of this phase (every parameter typed: no `NULL IS NULL` tricks). */
function victimOrder(neverAccessed: boolean, after: { lastAccessAt: Date | null; id: string } | null, olderThan: Date | undefined): Prisma.Sql {
  if (neverAccessed) return after ? Prisma.sql`r."lastAccessAt" IS NULL AND r."id" > ${after.id}` : Prisma.sql`r."lastAccessAt" IS NULL`;
  const idle = olderThan ? Prisma.sql`r."lastAccessAt" < ${olderThan}` : Prisma.sql`r."lastAccessAt" IS NOT NULL`;
  if (!after) return idle;
  return Prisma.sql`${idle} AND (r."lastAccessAt" > ${after.lastAccessAt} OR (r."lastAccessAt" = ${after.lastAccessAt} AND r."id" > ${after.id}))`;
}

interface VictimRow {
  id: string;
  bytesTotal: bigint | number | null;
  lastAccessAt: Date | null;
}
