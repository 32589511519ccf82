import { errors } from '@stowage/core';
import { completeIngest, startCopy } from '@stowage/services';
import { parseAllowedNetworks, safeFetch } from '../ingest';
import type { JobHandler } from '../jobs/job-run';
import { getIngestSettings } from '../settings/ingest-settings';
import { streamIntoStore } from '../transfer/stream-into-store';
import { openStore } from './open-store';

/**
 * ingest from a URL into the store of record, through the guarded fetch (every address and redirect checked
 * again now, whatever was checked at registration). An upload's job only reaches a worker when the process
 * receiving it died: the bytes are gone, so it fails with a clear reason.
 */
export const ingestObject: JobHandler = async ({ job, ctx, signal, progress, rate }) => {
  if (job.payload.source !== 'url' || typeof job.payload.url !== 'string') {
    throw errors.precondition('The upload was interrupted before it finished; upload the file again.');
  }
  const replica = await ctx.db.replica.findUnique({
    where: { id: job.replicaId ?? '' },
    select: { id: true, location: true, object: { select: { id: true, expectedSha256: true } } },
  });
  if (!replica) return {};
  const settings = await getIngestSettings(ctx.db);
  const response = await safeFetch(job.payload.url, {
    allowedNetworks: parseAllowedNetworks(settings.allowedNetworks),
    maxBytes: settings.maxBytes,
    signal,
  });
  if (!(await startCopy(ctx.db, { replicaId: replica.id, bytesTotal: response.contentLength }))) {
    response.body.destroy();
    return {};
  }
  progress(0, response.contentLength);
  const target = await openStore(ctx, job.targetStoreId);
  const written = await streamIntoStore(target.backend, replica.location, response.body, {
    rate,
    size: response.contentLength ?? undefined,
    sha256: replica.object.expectedSha256 ?? undefined,
    signal,
    onProgress: (bytes) => progress(bytes),
  });
  return {
    effects: (tx) =>
      completeIngest(tx, { objectId: replica.object.id, replicaId: replica.id, sha256: written.sha256, size: written.size, actor: ctx.actor, jobId: job.id }),
  };
};
