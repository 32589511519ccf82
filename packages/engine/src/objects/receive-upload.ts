import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { errors } from '@stowage/core';
import {
  completeIngest,
  createIngest,
  DEFAULT_JOB_LEASE_MS,
  objectKey,
  objectRegistrationFields,
  placementNamesZones,
  placementRefinement,
  startCopy,
  toClaimedJob,
  type CreatedIngest,
  type ServiceContext,
} from '@stowage/services';
import { executeJob } from '../jobs/execute-job';
import { getIngestSettings } from '../settings/ingest-settings';
import { streamIntoStore } from '../transfer/stream-into-store';
import { openStore } from '../handlers/open-store';
import { watchUpload } from './upload-body';

export const uploadInput = objectRegistrationFields
  .extend({ sizeBytes: z.coerce.number().int().min(1, 'The file is empty').max(Number.MAX_SAFE_INTEGER) })
  .refine(placementNamesZones, placementRefinement);

/**
 * A browser upload, streamed straight into the store of record: never held in memory, hashed on the way,
 * refused when it is longer or shorter than announced; a client that goes away, stalls or ends short fails it
 * with how far it got, and the store keeps nothing of it. It runs as an ingest job owned by this request, with
 * a lease and heartbeats like any other, so the object page shows its progress and a crash cannot leave it
 * "in progress" forever.
 */
export async function receiveUpload(
  ctx: ServiceContext,
  input: z.input<typeof uploadInput>,
  body: Readable,
): Promise<CreatedIngest & { state: string; error: string | null }> {
  const parsed = uploadInput.safeParse(input);
  if (!parsed.success) {
    body.destroy();
    throw errors.invalid('Check the highlighted fields.', z.flattenError(parsed.error).fieldErrors);
  }
  const { sizeBytes, ...registration } = parsed.data;
  const settings = await getIngestSettings(ctx.db);
  if (sizeBytes > settings.maxBytes) {
    body.destroy();
    throw errors.invalid(`Uploads are limited to ${settings.maxBytes} bytes.`, { file: [`The file is larger than the limit of ${settings.maxBytes} bytes`] });
  }
  const workerId = `upload:${randomUUID()}`;
  const created = await createIngest(ctx, registration, { type: 'upload', sizeBytes, ownerId: workerId });
  const job = await ctx.db.job.findUniqueOrThrow({ where: { id: created.jobId } });
  await executeJob(
    toClaimedJob(job, job.leaseExpiresAt ?? new Date(Date.now() + DEFAULT_JOB_LEASE_MS)),
    {
      ctx,
      workerId,
      leaseMs: DEFAULT_JOB_LEASE_MS,
      handler: async ({ signal, progress, rate }) => {
        const upload = watchUpload(body, { sizeBytes });
        await startCopy(ctx.db, { replicaId: created.replicaId, bytesTotal: sizeBytes });
        const target = await openStore(ctx, created.targetStoreId);
        const written = await streamIntoStore(target.backend, objectKey(created.objectId), upload.stream, {
          rate,
          size: sizeBytes,
          sha256: registration.expectedSha256,
          signal,
          onProgress: (bytes) => progress(bytes, sizeBytes),
        }).catch((error: unknown) => {
          // The store removed what it wrote; say what happened to the upload, not what the socket said.
          throw upload.interruption() ?? error;
        });
        return {
          effects: (tx) =>
            completeIngest(tx, { objectId: created.objectId, replicaId: created.replicaId, sha256: written.sha256, size: written.size, actor: ctx.actor, jobId: job.id }),
        };
      },
    },
  );
  const after = await ctx.db.job.findUniqueOrThrow({ where: { id: job.id }, select: { state: true, error: true } });
  return { ...created, state: after.state, error: after.error };
}
