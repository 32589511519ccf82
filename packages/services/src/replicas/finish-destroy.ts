import type { Prisma } from '@stowage/db';
import { recordEvent } from '../events/record-event';
import { serveQueueOf } from '../cache/grant-reservations';
import { markForReconcile } from './mark-for-reconcile';

/** destroying → destroyed, after the bytes are deleted from the store. */
export async function finishDestroy(tx: Prisma.TransactionClient, options: { replicaId: string; actor: string; jobId?: string }): Promise<void> {
  const done = await tx.replica.updateMany({
    where: { id: options.replicaId, state: 'destroying' },
    data: { state: 'destroyed', bytesDone: 0, verifiedSha256: null, readyAt: null, error: null },
  });
  if (done.count !== 1) return;
  const replica = await tx.replica.findUniqueOrThrow({
    where: { id: options.replicaId },
    select: { objectId: true, storeId: true, object: { select: { name: true } }, store: { select: { name: true, zoneId: true } } },
  });
  await recordEvent(tx, {
    actor: options.actor,
    type: 'replica.destroyed',
    message: `${replica.object.name} deleted from ${replica.store.name}`,
    objectId: replica.objectId,
    storeId: replica.storeId,
    zoneId: replica.store.zoneId,
    jobId: options.jobId ?? null,
  });
  await markForReconcile(tx, { id: replica.objectId });
  await serveQueueOf(tx, replica.storeId, { actor: options.actor });
}
