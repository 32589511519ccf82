import { z } from 'zod';
import { entityId, errors } from '@stowage/core';
import type { ServiceContext } from '../context';
import { recordEvent } from '../events/record-event';
import { COPY_JOB_KINDS } from '../jobs/copy-job-kinds';
import { settleCancelledJob } from '../jobs/settle-job';
import { markForReconcile } from '../replicas/mark-for-reconcile';

export const deleteObjectInput = z.object({ objectId: entityId });

/**
 * Deletes an object everywhere, through jobs: copies in flight are cancelled, then the reconciler destroys
 * every replica; when the last is gone the object leaves the catalogue.
 */
export async function deleteObject(ctx: ServiceContext, input: z.input<typeof deleteObjectInput>): Promise<void> {
  const { objectId } = deleteObjectInput.parse(input);
  await ctx.db.$transaction(async (tx) => {
    const object = await tx.dataObject.findUnique({ where: { id: objectId }, select: { name: true, deletedAt: true } });
    if (!object) throw errors.notFound('Object', objectId);
    if (object.deletedAt) return;
    await tx.dataObject.update({ where: { id: objectId }, data: { deletedAt: new Date() } });
    await tx.job.updateMany({
      where: { objectId, state: { in: ['queued', 'running'] }, kind: { in: [...COPY_JOB_KINDS, 'verify'] } },
      data: { cancelRequested: true },
    });
    await markForReconcile(tx, { id: objectId });
    await recordEvent(tx, { actor: ctx.actor, type: 'object.deleted', severity: 'warning', message: `${object.name} deleted; its copies are being destroyed`, objectId });
  });
  const queued = await ctx.db.job.findMany({ where: { objectId, state: 'queued', cancelRequested: true }, select: { id: true } });
  for (const job of queued) await settleCancelledJob(ctx.db, { jobId: job.id, expectedState: 'queued', expectedOwner: null, actor: ctx.actor });
}
