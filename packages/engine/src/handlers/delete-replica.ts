import { finishDestroy } from '@stowage/services';
import type { JobHandler } from '../jobs/job-run';
import { openStore } from './open-store';

/** delete: removes the bytes (idempotent on every provider), then destroying → destroyed. */
export const deleteReplica: JobHandler = async ({ job, ctx, signal }) => {
  const replica = await ctx.db.replica.findUnique({ where: { id: job.replicaId ?? '' }, select: { id: true, state: true, location: true } });
  if (!replica || replica.state !== 'destroying') return {};
  const target = await openStore(ctx, job.targetStoreId);
  await target.backend.delete(replica.location, { signal });
  return { effects: (tx) => finishDestroy(tx, { replicaId: replica.id, actor: ctx.actor, jobId: job.id }) };
};
