import { z } from 'zod';
import { entityId } from '@stowage/core';
import type { ServiceContext } from '../context';
import { retryJobs } from '../jobs/retry-jobs';
import { UPLOAD_NOT_RETRYABLE } from '../jobs/upload-jobs';

export const retrySelectedObjectsInput = z.object({
  objectIds: z
    .array(entityId)
    .min(1, 'Select at least one object')
    .max(200, 'At most 200 objects at once (a page)')
    .refine((ids) => new Set(ids).size === ids.length, 'An object is selected twice'),
});

export interface RetrySelectedResult {
  /** Failed copies sent back to the queue. */
  retried: number;
  /** Selected objects with nothing failed to retry. */
  nothingFailed: number;
  /** Failed uploads among them: their bytes are gone, the file has to be sent again. */
  uploadsToSendAgain: number;
  /** Selected ids that are no object (deleted meanwhile). */
  unknown: number;
}

/**
 * "Retry these" on the Objects page: every current failure of each selected object goes back to the queue, as its
 * own page's Retry does (one event per object that had any), and the answer says what happened to the rest.
 */
export async function retrySelectedObjects(ctx: ServiceContext, input: z.input<typeof retrySelectedObjectsInput>): Promise<RetrySelectedResult> {
  const { objectIds } = retrySelectedObjectsInput.parse(input);
  const known = new Set((await ctx.db.dataObject.findMany({ where: { id: { in: objectIds } }, select: { id: true } })).map((row) => row.id));
  const result: RetrySelectedResult = { retried: 0, nothingFailed: 0, uploadsToSendAgain: 0, unknown: objectIds.length - known.size };
  for (const objectId of objectIds.filter((id) => known.has(id))) {
    const outcome = await retryJobs(ctx, { scope: 'object', objectId }).catch((error: unknown) => {
      // An object whose only failure is an upload: counted, not fatal for the rest of the selection.
      if (error instanceof Error && error.message === UPLOAD_NOT_RETRYABLE) return { retried: 0, uploadsToSendAgain: 1 };
      throw error;
    });
    result.retried += outcome.retried;
    result.uploadsToSendAgain += outcome.uploadsToSendAgain;
    if (outcome.retried === 0 && outcome.uploadsToSendAgain === 0) result.nothingFailed += 1;
  }
  return result;
}
