import { countOf, retryDelayMs } from '@stowage/core';
import { succeedJobRow, type Db, type Prisma } from '@stowage/db';
import { recordEvent } from '../events/record-event';
import { serveQueueOf } from '../cache/grant-reservations';
import { failReplica } from '../replicas/fail-replica';
import { isCopyJob } from './copy-job-kinds';
import { endJobClaim } from './job-claim-log';
import { JobLostError } from './job-lost-error';
import { RETRY_BASE_MS, RETRY_MAX_MS } from './job-tuning';

type Effects = (tx: Prisma.TransactionClient) => Promise<void>;

interface Owned {
  jobId: string;
  workerId: string;
  /** The attempt this worker claimed (ClaimedJob.attempts): the fence against a lease lost and taken over. */
  attempt: number;
  actor: string;
  now?: Date;
}

const ended = (now: Date) => ({ ownerId: null, leaseExpiresAt: null, finishedAt: now });

/** The job row as long as this claim still owns it. */
const ownedBy = (options: { jobId: string; workerId: string; attempt: number }) => ({
  id: options.jobId,
  ownerId: options.workerId,
  state: 'running',
  attempts: options.attempt,
});

/**
 * Ends an owned job as succeeded, and applies its effects in the same transaction, only if this worker
 * still owns it. A worker that lost its lease changes nothing (JobLostError). `bytesDone` is what it moved
 * in all (the heartbeat saves progress only once a second); a size unknown until the end is known now.
 */
export async function succeedJob(db: Db, options: Owned & { effects?: Effects; bytesDone?: number; bytesTotal?: number | null }): Promise<void> {
  const now = options.now ?? new Date();
  if (!options.effects) {
    const bytesDone = options.bytesDone === undefined ? null : BigInt(options.bytesDone);
    const bytesTotal = bytesDone === null || options.bytesTotal == null ? null : BigInt(options.bytesTotal);
    const settled = await succeedJobRow(db, { jobId: options.jobId, workerId: options.workerId, attempt: options.attempt, now, bytesDone, bytesTotal });
    if (!settled) throw new JobLostError(options.jobId);
    return;
  }
  const bytes = options.bytesDone === undefined ? {} : { bytesDone: BigInt(options.bytesDone), ...(options.bytesTotal == null ? {} : { bytesTotal: BigInt(options.bytesTotal) }) };
  await db.$transaction(async (tx) => {
    const settled = await tx.job.updateMany({
      where: ownedBy(options),
      data: { state: 'succeeded', error: null, errorKind: null, ...bytes, ...ended(now) },
    });
    if (settled.count !== 1) throw new JobLostError(options.jobId);
    await endJobClaim(tx, { jobId: options.jobId, attempt: options.attempt, outcome: 'succeeded', now });
    await options.effects?.(tx);
  });
}

/**
 * A transient failure: back to the queue after an exponential, jittered delay, unless the attempts are used
 * up, in which case the job fails for good.
 */
export async function retryJobLater(db: Db, options: Owned & { error: string }): Promise<'retrying' | 'failed'> {
  const now = options.now ?? new Date();
  const job = await db.job.findFirst({ where: ownedBy(options), select: { attempts: true, maxAttempts: true } });
  if (!job) throw new JobLostError(options.jobId);
  if (job.attempts >= job.maxAttempts) {
    await failJob(db, { ...options, error: `${options.error} (gave up after ${countOf(job.attempts, 'attempt')})` });
    return 'failed';
  }
  const runAfter = new Date(now.getTime() + retryDelayMs({ attempt: job.attempts, baseMs: RETRY_BASE_MS, maxMs: RETRY_MAX_MS }));
  await db.$transaction(async (tx) => {
    const settled = await tx.job.updateMany({
      where: ownedBy(options),
      data: { state: 'queued', runAfter, error: options.error, errorKind: 'transient', ownerId: null, leaseExpiresAt: null },
    });
    if (settled.count !== 1) throw new JobLostError(options.jobId);
    await endJobClaim(tx, { jobId: options.jobId, attempt: options.attempt, outcome: 'retrying', now });
    const row = await tx.job.findUniqueOrThrow({ where: { id: options.jobId }, select: { replicaId: true, kind: true } });
    if (row.replicaId && isCopyJob(row.kind)) {
      await tx.replica.updateMany({ where: { id: row.replicaId, state: 'copying' }, data: { error: `Retrying: ${options.error}` } });
    }
  });
  return 'retrying';
}

/** A permanent failure: the job fails and, for a copy, so does its replica, with the reason. */
export async function failJob(db: Db, options: Owned & { error: string }): Promise<void> {
  const now = options.now ?? new Date();
  await db.$transaction(async (tx) => {
    const settled = await tx.job.updateMany({
      where: ownedBy(options),
      data: { state: 'failed', error: options.error, errorKind: 'permanent', ...ended(now) },
    });
    if (settled.count !== 1) throw new JobLostError(options.jobId);
    await endJobClaim(tx, { jobId: options.jobId, attempt: options.attempt, outcome: 'failed', now });
    await afterJobEnded(tx, { jobId: options.jobId, actor: options.actor, reason: options.error, outcome: 'failed', now });
  });
}

/**
 * Ends a job whose cancellation was asked for: a queued one, or a running one of `expectedAttempt` owned by this
 * worker (it stopped: its claim ends 'cancelled') or by a worker whose lease ran out (its claim ends 'lost').
 */
export async function settleCancelledJob(
  db: Db,
  options: {
    jobId: string;
    expectedState: string;
    expectedOwner: string | null;
    expectedAttempt?: number;
    claimOutcome?: 'cancelled' | 'lost';
    actor?: string;
    now?: Date;
  },
): Promise<boolean> {
  const now = options.now ?? new Date();
  return db.$transaction(async (tx) => {
    const settled = await tx.job.updateMany({
      where: {
        id: options.jobId,
        state: options.expectedState,
        ownerId: options.expectedOwner,
        cancelRequested: true,
        ...(options.expectedAttempt === undefined ? {} : { attempts: options.expectedAttempt }),
      },
      data: { state: 'cancelled', error: 'Cancelled by an admin', errorKind: 'cancelled', ...ended(now) },
    });
    if (settled.count !== 1) return false;
    if (options.expectedAttempt !== undefined) {
      await endJobClaim(tx, { jobId: options.jobId, attempt: options.expectedAttempt, outcome: options.claimOutcome ?? 'cancelled', now });
    }
    await afterJobEnded(tx, { jobId: options.jobId, actor: options.actor ?? 'system', reason: 'cancelled by an admin', outcome: 'cancelled', now });
    return true;
  });
}

async function afterJobEnded(
  tx: Prisma.TransactionClient,
  options: { jobId: string; actor: string; reason: string; outcome: 'failed' | 'cancelled'; now: Date },
): Promise<void> {
  const job = await tx.job.findUniqueOrThrow({
    where: { id: options.jobId },
    select: { kind: true, replicaId: true, objectId: true, targetStoreId: true, object: { select: { name: true } } },
  });
  if (job.replicaId && isCopyJob(job.kind)) {
    const failed = await failReplica(tx, { replicaId: job.replicaId, error: options.reason, actor: options.actor, jobId: options.jobId, from: ['allocated', 'copying'] });
    // A staging copy that ends returns its reservation: the next in the store's queue may fit now.
    if (failed && job.targetStoreId) await serveQueueOf(tx, job.targetStoreId, { actor: options.actor, now: options.now });
  }
  await recordEvent(tx, {
    actor: options.actor,
    type: `job.${options.outcome}`,
    severity: options.outcome === 'failed' ? 'error' : 'warning',
    message: `${job.kind} of ${job.object?.name ?? 'a deleted object'} ${options.outcome}: ${options.reason}`,
    objectId: job.objectId,
    jobId: options.jobId,
  });
}

/**
 * Hands an owned job back to the queue without counting the attempt (a step back, or a clean shutdown). False
 * when this claim no longer owns it.
 */
export async function handBackJob(
  db: Db,
  options: { jobId: string; workerId: string; attempt: number; runAfter: Date; now?: Date },
): Promise<boolean> {
  const now = options.now ?? new Date();
  return db.$transaction(async (tx) => {
    const handedBack = await tx.job.updateMany({
      where: ownedBy(options),
      data: { state: 'queued', ownerId: null, leaseExpiresAt: null, attempts: { decrement: 1 }, runAfter: options.runAfter },
    });
    if (handedBack.count !== 1) return false;
    await endJobClaim(tx, { jobId: options.jobId, attempt: options.attempt, outcome: 'handed_back', now });
    return true;
  });
}
