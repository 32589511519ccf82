import type { Prisma } from '@stowage/db';
import { recordEvent } from '../events/record-event';
import { enqueueJob } from '../jobs/enqueue-job';
import { objectKey } from '../objects/object-key';
import type { ReconcileAction } from './plan-reconcile';

interface ActionTarget {
  id: string;
  name: string;
  sizeBytes: bigint | null;
}

/**
 * Carries out planned actions. Each replica transition is a compare-and-set made in the same transaction
 * as the job that does the work, so a replica is never copying without a job, nor copied twice.
 */
export async function applyReconcileActions(
  tx: Prisma.TransactionClient,
  object: ActionTarget,
  actions: ReconcileAction[],
  actor: string,
): Promise<number> {
  let applied = 0;
  for (const action of actions) {
    if (action.type === 'copy') applied += (await scheduleCopy(tx, object, action)) ? 1 : 0;
    else if (action.type === 'destroy') applied += (await scheduleDestroy(tx, object, action)) ? 1 : 0;
    else if (await purgeObject(tx, object, actor)) applied += 1;
  }
  return applied;
}

async function scheduleCopy(
  tx: Prisma.TransactionClient,
  object: ActionTarget,
  action: Extract<ReconcileAction, { type: 'copy' }>,
): Promise<boolean> {
  let replicaId = action.replicaId;
  if (replicaId) {
    const reset = await tx.replica.updateMany({
      where: { id: replicaId, state: { in: ['destroyed', 'failed'] } },
      data: { state: 'allocated', bytesDone: 0, bytesTotal: object.sizeBytes, verifiedSha256: null, error: null, readyAt: null },
    });
    if (reset.count !== 1) return false;
  } else {
    const created = await tx.replica.create({
      data: { objectId: object.id, storeId: action.targetStoreId, state: 'allocated', location: objectKey(object.id), bytesTotal: object.sizeBytes },
      select: { id: true },
    });
    replicaId = created.id;
  }
  await enqueueJob(tx, {
    kind: action.kind,
    objectId: object.id,
    replicaId,
    sourceStoreId: action.sourceStoreId,
    targetStoreId: action.targetStoreId,
    bytesTotal: object.sizeBytes,
  });
  return true;
}

async function scheduleDestroy(
  tx: Prisma.TransactionClient,
  object: ActionTarget,
  action: Extract<ReconcileAction, { type: 'destroy' }>,
): Promise<boolean> {
  const changed = await tx.replica.updateMany({
    where: { id: action.replicaId, state: { in: ['ready', 'failed'] }, leases: { none: { releasedAt: null, expiresAt: { gt: new Date() } } } },
    data: { state: 'destroying' },
  });
  if (changed.count !== 1) return false;
  await enqueueJob(tx, { kind: 'delete', objectId: object.id, replicaId: action.replicaId, targetStoreId: action.storeId });
  return true;
}

/** A deleted object whose every copy is destroyed leaves the catalogue; its name becomes free again. */
async function purgeObject(tx: Prisma.TransactionClient, object: ActionTarget, actor: string): Promise<boolean> {
  const live = await tx.replica.count({ where: { objectId: object.id, state: { not: 'destroyed' } } });
  if (live > 0) return false;
  await tx.lease.deleteMany({ where: { replica: { objectId: object.id } } });
  await tx.replica.deleteMany({ where: { objectId: object.id } });
  await tx.dataObject.delete({ where: { id: object.id } });
  await recordEvent(tx, { actor, type: 'object.purged', message: `${object.name}: every copy is destroyed; the object is gone` });
  return true;
}
