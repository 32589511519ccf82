import { z } from 'zod';
import { countOf, entityId, errors } from '@stowage/core';
import type { Prisma } from '@stowage/db';
import type { ServiceContext } from '../context';
import { recordEvent } from '../events/record-event';
import { isCopyJob } from './copy-job-kinds';
import { findFailures } from './list-failures';
import { isUploadJob, UPLOAD_NOT_RETRYABLE } from './upload-jobs';

export const retryJobsInput = z.discriminatedUnion('scope', [
  z.object({ scope: z.literal('job'), jobId: entityId }),
  z.object({ scope: z.literal('object'), objectId: entityId }),
  z.object({ scope: z.literal('zone'), zoneId: entityId }),
  z.object({ scope: z.literal('all') }),
]);
export type RetryJobsInput = z.input<typeof retryJobsInput>;

/**
 * Retries what failed, and only that: each current failure (the latest job of its replica ended failed or
 * cancelled) goes back to the queue with fresh attempts, and its replica back to allocated. A failed upload
 * is not among them: its bytes are gone, and retrying one by itself is refused with that reason.
 */
export async function retryJobs(ctx: ServiceContext, input: RetryJobsInput): Promise<{ retried: number; uploadsToSendAgain: number }> {
  const scope = retryJobsInput.parse(input);
  const found = await findFailures(ctx.db, scope);
  const failures = found.filter((failure) => !isUploadJob(failure));
  const uploadsToSendAgain = found.length - failures.length;
  if ((scope.scope === 'job' || scope.scope === 'object') && uploadsToSendAgain > 0 && failures.length === 0) {
    throw errors.precondition(UPLOAD_NOT_RETRYABLE);
  }
  if (scope.scope === 'job' && failures.length === 0) {
    const job = await ctx.db.job.findUnique({ where: { id: scope.jobId }, select: { state: true } });
    if (!job) throw errors.notFound('Job', scope.jobId);
    throw errors.precondition(`Only the latest failed or cancelled job of a replica can be retried; this one is ${job.state}.`);
  }
  let retried = 0;
  for (const failure of failures) {
    const done = await ctx.db.$transaction(async (tx) => requeue(tx, failure));
    if (done) retried += 1;
  }
  if (retried > 0) {
    await recordEvent(ctx.db, {
      actor: ctx.actor,
      type: 'job.retried',
      message: `${countOf(retried, 'failed job')} sent back to the queue`,
      ...(scope.scope === 'object' ? { objectId: scope.objectId } : {}),
      ...(scope.scope === 'zone' ? { zoneId: scope.zoneId } : {}),
      ...(scope.scope === 'job' ? { jobId: scope.jobId } : {}),
    });
  }
  return { retried, uploadsToSendAgain };
}

async function requeue(tx: Prisma.TransactionClient, failure: { id: string; kind: string; replicaId: string | null }): Promise<boolean> {
  const requeued = await tx.job.updateMany({
    where: { id: failure.id, state: { in: ['failed', 'cancelled'] } },
    data: {
      state: 'queued',
      attempts: 0,
      runAfter: new Date(),
      cancelRequested: false,
      error: null,
      errorKind: null,
      finishedAt: null,
      bytesDone: 0,
    },
  });
  if (requeued.count !== 1) return false;
  if (failure.replicaId && isCopyJob(failure.kind)) {
    await tx.replica.updateMany({ where: { id: failure.replicaId, state: 'failed' }, data: { state: 'allocated', error: null, bytesDone: 0 } });
  }
  return true;
}
