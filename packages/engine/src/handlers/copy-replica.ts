import { errors } from '@stowage/core';
import { completeReplica, startCopy } from '@stowage/services';
import type { JobHandler } from '../jobs/job-run';
import { streamIntoStore } from '../transfer/stream-into-store';
import { openStore } from './open-store';

/**
 * backup and sync: streams the object from a ready replica on the source store to the target store's final
 * key. The target computes the sha256 on the way and refuses a mismatch, so the bytes are read once; the
 * replica becomes ready only in the transaction that ends the job.
 */
export const copyReplica: JobHandler = async ({ job, ctx, signal, progress, rate }) => {
  const replica = await ctx.db.replica.findUnique({
    where: { id: job.replicaId ?? '' },
    select: { id: true, location: true, object: { select: { id: true, sha256: true, sizeBytes: true } } },
  });
  if (!replica || !replica.object.sha256) return {};
  const size = replica.object.sizeBytes === null ? null : Number(replica.object.sizeBytes);
  if (!(await startCopy(ctx.db, { replicaId: replica.id, bytesTotal: size }))) return {};

  const sourceReplica = await ctx.db.replica.findFirst({
    where: { objectId: replica.object.id, storeId: job.sourceStoreId ?? '', state: 'ready' },
    select: { location: true },
  });
  if (!sourceReplica) throw errors.precondition('The source copy is no longer ready.');
  const source = await openStore(ctx, job.sourceStoreId);
  const target = await openStore(ctx, job.targetStoreId);

  progress(0, size);
  const body = await source.backend.get(sourceReplica.location, { signal });
  const written = await streamIntoStore(target.backend, replica.location, body, {
    rate,
    size: size ?? undefined,
    sha256: replica.object.sha256,
    signal,
    onProgress: (bytes) => progress(bytes),
  });
  return {
    effects: (tx) => completeReplica(tx, { replicaId: replica.id, sha256: written.sha256, size: written.size, actor: ctx.actor, jobId: job.id }),
  };
};
