import type { Db } from '@stowage/db';
import { findCopySources } from '../replicas/find-copy-sources';
import { isCopyJob } from './copy-job-kinds';
import { endJobClaim } from './job-claim-log';
import { isUploadJob } from './upload-jobs';
import { failJob, settleCancelledJob } from './settle-job';

const LOOKED_AT_PER_CLAIM = 25;

/**
 * Before a claim, the runnable jobs a claim must not simply take: asked to cancel (they end cancelled), out of
 * attempts after their worker died (they fail with that reason), or copies whose source store is blocked (they
 * are pointed at another ready copy when there is one, and then claimable).
 */
export async function settleUnclaimableJobs(
  db: Db,
  options: { now: Date; kinds: string[] | null },
): Promise<void> {
  const { now } = options;
  const blockedStore = { is: { OR: [{ lastProbeOk: false }, { adminState: 'maintenance' }] } };
  const unclaimable = await db.job.findMany({
    where: {
      ...(options.kinds ? { kind: { in: options.kinds } } : {}),
      OR: [
        { state: 'queued', runAfter: { lte: now }, cancelRequested: true },
        { state: 'running', leaseExpiresAt: { lt: now }, OR: [{ cancelRequested: true }, { attempts: { gte: db.job.fields.maxAttempts } }] },
        { state: 'queued', runAfter: { lte: now }, sourceStore: blockedStore, NOT: { targetStore: blockedStore } },
      ],
    },
    orderBy: [{ runAfter: 'asc' }, { id: 'asc' }],
    take: LOOKED_AT_PER_CLAIM,
  });
  for (const job of unclaimable) {
    if (job.cancelRequested) {
      const running = job.state === 'running';
      await settleCancelledJob(db, {
        jobId: job.id,
        expectedState: job.state,
        expectedOwner: job.ownerId,
        ...(running ? { expectedAttempt: job.attempts, claimOutcome: 'lost' as const } : {}),
        now,
      });
    } else if (job.state === 'running') {
      await failAbandonedJob(db, job, now);
    } else {
      await readFromAnotherSource(db, job);
    }
  }
}

const ABANDONED_OWNER = 'system:abandoned';

/**
 * A job whose workers kept dying under it (a crash it causes, or one too many restarts) has used its
 * attempts: it fails with that reason instead of being taken over forever. Its last claim ends as lost.
 */
async function failAbandonedJob(
  db: Db,
  job: { id: string; ownerId: string | null; attempts: number; kind: string; payload: string; bytesDone: bigint; bytesTotal: bigint | null },
  now: Date,
): Promise<void> {
  const taken = await db.$transaction(async (tx) => {
    const moved = await tx.job.updateMany({
      where: { id: job.id, state: 'running', ownerId: job.ownerId, attempts: job.attempts, leaseExpiresAt: { lt: now } },
      data: { ownerId: ABANDONED_OWNER, leaseExpiresAt: new Date(now.getTime() + 60_000) },
    });
    if (moved.count === 1) await endJobClaim(tx, { jobId: job.id, attempt: job.attempts, outcome: 'lost', now });
    return moved.count === 1;
  });
  if (!taken) return;
  await failJob(db, { jobId: job.id, workerId: ABANDONED_OWNER, attempt: job.attempts, actor: 'system', now, error: abandonedReason(job) });
}

function abandonedReason(job: { attempts: number; kind: string; payload: string; bytesDone: bigint; bytesTotal: bigint | null }): string {
  if (isUploadJob(job)) {
    const done = Number(job.bytesDone);
    const total = job.bytesTotal === null ? null : Number(job.bytesTotal);
    const howFar = total ? `after ${done} of ${total} bytes (${Math.floor((done / total) * 100)} %)` : `after ${done} bytes`;
    return `The upload was interrupted ${howFar}: the server receiving it stopped. Upload the file again.`;
  }
  return job.attempts === 1 ? 'Its worker stopped during its only attempt' : `Its worker stopped during each of its ${job.attempts} attempts`;
}

/**
 * A copy whose source store is down reads from another ready copy instead, when one is on a store that is up:
 * the job is pointed at it (a compare-and-set, so a racing claim sees one source or the other).
 */
async function readFromAnotherSource(
  db: Db,
  job: { id: string; kind: string; state: string; attempts: number; objectId: string | null; sourceStoreId: string | null; targetStoreId: string | null },
): Promise<void> {
  if (!isCopyJob(job.kind) || !job.objectId || !job.targetStoreId) return;
  const sources = await findCopySources(db, { objectId: job.objectId, targetStoreId: job.targetStoreId });
  const other = sources.find((source) => source.healthy && source.storeId !== job.sourceStoreId);
  if (!other) return;
  await db.job.updateMany({
    where: { id: job.id, state: job.state, attempts: job.attempts, sourceStoreId: job.sourceStoreId },
    data: { sourceStoreId: other.storeId },
  });
}
