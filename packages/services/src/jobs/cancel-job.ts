import { z } from 'zod';
import { entityId, errors } from '@stowage/core';
import type { ServiceContext } from '../context';
import { recordEvent } from '../events/record-event';
import { settleCancelledJob } from './settle-job';

export const cancelJobInput = z.object({ jobId: entityId });

/** Cancels a queued job at once; a running one is asked to stop, and its worker ends it within a second. */
export async function cancelJob(ctx: ServiceContext, input: z.input<typeof cancelJobInput>): Promise<{ state: string }> {
  const { jobId } = cancelJobInput.parse(input);
  const job = await ctx.db.job.findUnique({ where: { id: jobId }, select: { state: true, ownerId: true, kind: true, objectId: true } });
  if (!job) throw errors.notFound('Job', jobId);
  if (job.state !== 'queued' && job.state !== 'running') {
    throw errors.precondition(`Only a queued or running job can be cancelled; this one is ${job.state}.`);
  }
  await ctx.db.job.updateMany({ where: { id: jobId, state: { in: ['queued', 'running'] } }, data: { cancelRequested: true } });
  await recordEvent(ctx.db, { actor: ctx.actor, type: 'job.cancel_requested', message: `Cancel of a ${job.kind} job requested`, jobId, objectId: job.objectId });
  if (job.state === 'queued') {
    await settleCancelledJob(ctx.db, { jobId, expectedState: 'queued', expectedOwner: null, actor: ctx.actor });
  }
  const after = await ctx.db.job.findUniqueOrThrow({ where: { id: jobId }, select: { state: true } });
  return { state: after.state };
}
