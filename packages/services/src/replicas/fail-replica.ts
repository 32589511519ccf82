import type { Db, Prisma } from '@stowage/db';
import { recordEvent } from '../events/record-event';
import { countCache } from '../cache/cache-stats';
import { markForReconcile } from './mark-for-reconcile';

type Tx = Db | Prisma.TransactionClient;

/** Marks a replica failed (from any state that can fail) with the reason an admin will read. */
export async function failReplica(
  tx: Tx,
  options: { replicaId: string; error: string; actor: string; jobId?: string | null; from?: string[] },
): Promise<boolean> {
  const from = options.from ?? ['allocated', 'copying', 'ready'];
  const changed = await tx.replica.updateMany({
    where: { id: options.replicaId, state: { in: from } },
    data: { state: 'failed', error: options.error, readyAt: null },
  });
  if (changed.count === 0) return false;
  const replica = await tx.replica.findUniqueOrThrow({
    where: { id: options.replicaId },
    select: { objectId: true, storeId: true, store: { select: { name: true, zoneId: true, role: true } }, object: { select: { name: true } } },
  });
  const returned = await tx.reservation.updateMany({
    where: { replicaId: options.replicaId, state: { in: ['waiting', 'held'] } },
    data: { state: 'released', endedAt: new Date() },
  });
  if (replica.store.role === 'staging' && returned.count > 0) await countCache(tx, replica.storeId, 'failed_copy', 1, new Date());
  await recordEvent(tx, {
    actor: options.actor,
    type: 'replica.failed',
    severity: 'error',
    message: `${replica.object.name} on ${replica.store.name} failed: ${options.error}`,
    objectId: replica.objectId,
    storeId: replica.storeId,
    zoneId: replica.store.zoneId,
    jobId: options.jobId ?? null,
  });
  await markForReconcile(tx, { id: replica.objectId });
  return true;
}
