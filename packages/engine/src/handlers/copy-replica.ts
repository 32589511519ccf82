import type { Readable } from 'node:stream';
import { errors } from '@stowage/core';
import { isStorageError } from '@stowage/providers';
import { completeReplica, findCopySources, probeStore, startCopy, type CopySource, type ServiceContext } from '@stowage/services';
import type { JobHandler, JobRun } from '../jobs/job-run';
import { streamIntoStore } from '../transfer/stream-into-store';
import { openStore } from './open-store';

/**
 * backup, sync and stage: streams the object from a ready copy to the target store's final key. The target
 * computes the sha256 on the way and refuses a mismatch, so the bytes are read once; the replica becomes ready
 * only in the transaction that ends the job. The planned source is read when it can be; when it cannot be
 * opened (down, or the copy is gone), the next ready copy is, healthy stores first.
 */
export const copyReplica: JobHandler = async (run) => {
  const { job, ctx, signal, progress, rate } = run;
  const replica = await ctx.db.replica.findUnique({
    where: { id: job.replicaId ?? '' },
    select: { id: true, location: true, object: { select: { id: true, sha256: true, sizeBytes: true } } },
  });
  if (!replica || !replica.object.sha256 || !job.targetStoreId) return {};
  const size = replica.object.sizeBytes === null ? null : Number(replica.object.sizeBytes);
  if (!(await startCopy(ctx.db, { replicaId: replica.id, bytesTotal: size }))) return {};

  const sources = await findCopySources(ctx.db, { objectId: replica.object.id, targetStoreId: job.targetStoreId, preferred: job.sourceStoreId });
  const target = await openStore(ctx, job.targetStoreId);
  const body = await openFirstReadable(run, sources);

  progress(0, size);
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

/** The first source that opens; the job is pointed at it, and a source that could not be reached is probed. */
async function openFirstReadable({ job, ctx, signal, workerId }: JobRun, sources: CopySource[]): Promise<Readable> {
  let failure: unknown = errors.precondition('No ready copy is left to copy from.');
  for (const source of sources) {
    try {
      const { backend } = await openStore(ctx, source.storeId);
      const body = await backend.get(source.location, { signal });
      if (source.storeId !== job.sourceStoreId) {
        await ctx.db.job.updateMany({ where: { id: job.id, ownerId: workerId, state: 'running' }, data: { sourceStoreId: source.storeId } });
      }
      return body;
    } catch (error) {
      if (!isStorageError(error) || (error.code !== 'Unavailable' && error.code !== 'NotFound')) throw error;
      if (error.code === 'Unavailable') void reprobe(ctx, source.storeId);
      failure = error;
    }
  }
  throw failure;
}

function reprobe(ctx: ServiceContext, storeId: string): Promise<unknown> {
  return probeStore({ ...ctx, actor: 'system:worker' }, { storeId }).catch(() => undefined);
}
