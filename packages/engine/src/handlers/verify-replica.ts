import { isStorageError, readVerified } from '@stowage/providers';
import { applyReconcileActions, evictEntry, failReplica, loadWorld, planReconcile, toPlannedObject } from '@stowage/services';
import type { Prisma } from '@stowage/db';
import type { JobHandler } from '../jobs/job-run';
import { openStore } from './open-store';

/**
 * verify: re-reads a ready replica and checks its sha256 and size. A missing or corrupt copy is marked
 * failed and copied again from a good one (a staging entry is evicted instead), in the same transaction that
 * ends the job.
 */
export const verifyReplica: JobHandler = async ({ job, ctx, signal, progress }) => {
  const replica = await ctx.db.replica.findUnique({
    where: { id: job.replicaId ?? '' },
    select: { id: true, state: true, location: true, storeId: true, object: { select: { id: true, name: true, sha256: true, sizeBytes: true } } },
  });
  if (!replica || replica.state !== 'ready' || !replica.object.sha256) return {};
  const size = replica.object.sizeBytes === null ? undefined : Number(replica.object.sizeBytes);
  const store = await openStore(ctx, replica.storeId);
  progress(0, size ?? null);

  let problem: string | null = null;
  try {
    const read = await readVerified(store.backend, replica.location, { sha256: replica.object.sha256, size, signal, onProgress: (bytes) => progress(bytes) });
    return {
      effects: async (tx) => {
        await tx.replica.updateMany({ where: { id: replica.id, state: 'ready' }, data: { verifiedSha256: read.sha256 } });
        await tx.event.create({
          data: { actor: ctx.actor, type: 'replica.verified', message: `${replica.object.name} on ${store.name} verified (sha256 matches)`, objectId: replica.object.id, storeId: replica.storeId, jobId: job.id },
        });
      },
    };
  } catch (error) {
    if (!isStorageError(error) || (error.code !== 'NotFound' && error.code !== 'ChecksumMismatch')) throw error;
    problem = error.code === 'NotFound' ? 'missing from the store' : `corrupt: ${error.message}`;
  }
  const reason = problem;
  return {
    effects: async (tx) => {
      // A bad staging entry is only a cache miss waiting to happen: evicted, it is staged again on the next
      // acquire. While leased (or pinned) it cannot go; failed, it is leased to no one new and cleared later.
      if (store.role === 'staging') {
        const detail = `verification found it ${reason}`;
        if (await evictEntry(tx, { replicaId: replica.id, storeId: replica.storeId, reason: 'failed_copy', actor: ctx.actor, now: new Date(), detail })) return;
      }
      const failed = await failReplica(tx, { replicaId: replica.id, error: `Verification found it ${reason}`, actor: ctx.actor, jobId: job.id, from: ['ready'] });
      if (failed && store.role !== 'staging') await scheduleRepair(tx, replica.object.id, replica.id, ctx.actor);
    },
  };
};

async function scheduleRepair(tx: Prisma.TransactionClient, objectId: string, replicaId: string, actor: string) {
  const object = await tx.dataObject.findUniqueOrThrow({
    where: { id: objectId },
    select: {
      id: true,
      name: true,
      placement: true,
      originZoneId: true,
      sha256: true,
      sizeBytes: true,
      deletedAt: true,
      reconcileToken: true,
      placements: { select: { zoneId: true } },
      replicas: { select: { id: true, storeId: true, state: true } },
    },
  });
  const actions = planReconcile(toPlannedObject(object), await loadWorld(tx), { repair: new Set([replicaId]) }).filter(
    (action) => action.type === 'copy' && action.replicaId === replicaId,
  );
  await applyReconcileActions(tx, object, actions, actor);
}
