import { z } from 'zod';
import { entityId, errors } from '@stowage/core';
import type { ServiceContext } from '../context';
import { recordEvent } from '../events/record-event';
import { enqueueJob } from '../jobs/enqueue-job';

export const verifyObjectInput = z.object({ objectId: entityId, replicaId: entityId.optional() });

/** Verify now: queues a re-read and sha256 check of each ready replica (or one), skipping those already queued. */
export async function verifyObject(ctx: ServiceContext, input: z.input<typeof verifyObjectInput>): Promise<{ queued: number }> {
  const { objectId, replicaId } = verifyObjectInput.parse(input);
  return ctx.db.$transaction(async (tx) => {
    const object = await tx.dataObject.findUnique({ where: { id: objectId }, select: { name: true, deletedAt: true } });
    if (!object || object.deletedAt) throw errors.notFound('Object', objectId);
    const replicas = await tx.replica.findMany({
      where: { objectId, state: 'ready', ...(replicaId ? { id: replicaId } : {}), jobs: { none: { kind: 'verify', state: { in: ['queued', 'running'] } } } },
      select: { id: true, storeId: true, bytesTotal: true },
    });
    if (replicaId && replicas.length === 0) {
      const exists = await tx.replica.count({ where: { id: replicaId, objectId } });
      if (!exists) throw errors.notFound('Replica', replicaId);
    }
    for (const replica of replicas) {
      await enqueueJob(tx, { kind: 'verify', objectId, replicaId: replica.id, sourceStoreId: replica.storeId, bytesTotal: replica.bytesTotal, maxAttempts: 3 });
    }
    if (replicas.length > 0) {
      await recordEvent(tx, { actor: ctx.actor, type: 'object.verify_requested', message: `Verification of ${replicas.length} cop${replicas.length === 1 ? 'y' : 'ies'} of ${object.name} queued`, objectId });
    }
    return { queued: replicas.length };
  });
}
