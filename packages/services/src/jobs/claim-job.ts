import type { Db } from '@stowage/db';
import { DEFAULT_JOB_LEASE_MS } from './job-tuning';
import { failJob, handBackJob, settleCancelledJob } from './settle-job';
import { isUploadJob } from './upload-jobs';
import { isCopyJob } from './copy-job-kinds';
import { findCopySources } from '../replicas/find-copy-sources';

export interface ClaimedJob {
  id: string;
  kind: string;
  objectId: string | null;
  replicaId: string | null;
  sourceStoreId: string | null;
  targetStoreId: string | null;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
}

const CANDIDATES_PER_CLAIM = 25;

/** The claimed job as a handler sees it, from its row (attempts as of this claim). */
export function toClaimedJob(row: {
  id: string;
  kind: string;
  objectId: string | null;
  replicaId: string | null;
  sourceStoreId: string | null;
  targetStoreId: string | null;
  payload: string;
  attempts: number;
  maxAttempts: number;
}): ClaimedJob {
  return {
    id: row.id,
    kind: row.kind,
    objectId: row.objectId,
    replicaId: row.replicaId,
    sourceStoreId: row.sourceStoreId,
    targetStoreId: row.targetStoreId,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
  };
}

/**
 * Claims one runnable job for `workerId`: a queued job whose backoff has passed, or a running job whose
 * owner stopped heartbeating (taken over; its attempt counts). The claim is a compare-and-set on the row,
 * so of two workers racing for a job exactly one wins, on SQLite and PostgreSQL alike. Jobs touching a
 * store that is down, in maintenance, or already at its concurrent-transfer limit wait without using up
 * an attempt.
 */
export async function claimJob(
  db: Db,
  options: { workerId: string; leaseMs?: number; now?: Date; kinds?: string[] },
): Promise<ClaimedJob | null> {
  const now = options.now ?? new Date();
  const leaseMs = options.leaseMs ?? DEFAULT_JOB_LEASE_MS;
  const candidates = await db.job.findMany({
    where: {
      ...(options.kinds ? { kind: { in: options.kinds } } : {}),
      OR: [
        { state: 'queued', runAfter: { lte: now } },
        { state: 'running', leaseExpiresAt: { lt: now } },
      ],
    },
    orderBy: [{ runAfter: 'asc' }, { id: 'asc' }],
    take: CANDIDATES_PER_CLAIM,
  });
  if (candidates.length === 0) return null;

  const blocked = await blockedStoreIds(db);
  for (const candidate of candidates) {
    if (candidate.cancelRequested) {
      await settleCancelledJob(db, { jobId: candidate.id, expectedState: candidate.state, expectedOwner: candidate.ownerId });
      continue;
    }
    if (candidate.state === 'running' && candidate.attempts >= candidate.maxAttempts) {
      await failAbandonedJob(db, candidate, now);
      continue;
    }
    if (candidate.sourceStoreId && blocked.has(candidate.sourceStoreId) && !(await readFromAnotherSource(db, candidate, blocked))) continue;
    const stores = [candidate.sourceStoreId, candidate.targetStoreId].filter((id): id is string => id !== null);
    if (stores.some((id) => blocked.has(id))) continue;

    const claimed = await db.job.updateMany({
      where: { id: candidate.id, state: candidate.state, ownerId: candidate.ownerId, attempts: candidate.attempts },
      data: {
        state: 'running',
        ownerId: options.workerId,
        attempts: { increment: 1 },
        startedAt: now,
        heartbeatAt: now,
        leaseExpiresAt: new Date(now.getTime() + leaseMs),
        bytesDone: 0,
      },
    });
    if (claimed.count !== 1) continue;

    if (!(await withinTransferLimits(db, candidate.id, stores, now))) {
      const runAfter = new Date(now.getTime() + 200 + Math.round(Math.random() * 300));
      await handBackJob(db, { jobId: candidate.id, workerId: options.workerId, runAfter });
      continue;
    }
    return toClaimedJob({ ...candidate, attempts: candidate.attempts + 1 });
  }
  return null;
}

/**
 * A job whose workers kept dying under it (a crash it causes, or one too many restarts) has used its
 * attempts: it fails with that reason instead of being taken over forever.
 */
async function failAbandonedJob(
  db: Db,
  job: { id: string; ownerId: string | null; attempts: number; kind: string; payload: string; bytesDone: bigint; bytesTotal: bigint | null },
  now: Date,
): Promise<void> {
  const taken = await db.job.updateMany({
    where: { id: job.id, state: 'running', ownerId: job.ownerId, attempts: job.attempts },
    data: { ownerId: ABANDONED_OWNER, leaseExpiresAt: new Date(now.getTime() + 60_000) },
  });
  if (taken.count !== 1) return;
  await failJob(db, {
    jobId: job.id,
    workerId: ABANDONED_OWNER,
    actor: 'system',
    now,
    error: abandonedReason(job),
  });
}

const ABANDONED_OWNER = 'system:abandoned';

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
  blocked: Set<string>,
): Promise<boolean> {
  if (!isCopyJob(job.kind) || !job.objectId || !job.targetStoreId || blocked.has(job.targetStoreId)) return false;
  const sources = await findCopySources(db, { objectId: job.objectId, targetStoreId: job.targetStoreId });
  const other = sources.find((source) => !blocked.has(source.storeId));
  if (!other) return false;
  const moved = await db.job.updateMany({
    where: { id: job.id, state: job.state, attempts: job.attempts, sourceStoreId: job.sourceStoreId },
    data: { sourceStoreId: other.storeId },
  });
  if (moved.count !== 1) return false;
  job.sourceStoreId = other.storeId;
  return true;
}

/** Stores no job may touch right now: the last probe failed, or the admin put them in maintenance. */
async function blockedStoreIds(db: Db): Promise<Set<string>> {
  const rows = await db.store.findMany({
    where: { OR: [{ lastProbeOk: false }, { adminState: 'maintenance' }] },
    select: { id: true },
  });
  return new Set(rows.map((row) => row.id));
}

/**
 * After claiming: is this job among the first `maxConcurrentTransfers` live running jobs (oldest claim first)
 * of every store it touches? When two workers claim past a limit at once, the later claim steps back.
 */
async function withinTransferLimits(db: Db, jobId: string, storeIds: string[], now: Date): Promise<boolean> {
  for (const storeId of storeIds) {
    const store = await db.store.findUnique({ where: { id: storeId }, select: { maxConcurrentTransfers: true } });
    if (!store) continue;
    const running = await db.job.findMany({
      where: {
        state: 'running',
        leaseExpiresAt: { gt: now },
        OR: [{ sourceStoreId: storeId }, { targetStoreId: storeId }],
      },
      orderBy: [{ startedAt: 'asc' }, { id: 'asc' }],
      select: { id: true },
      take: store.maxConcurrentTransfers,
    });
    if (!running.some((job) => job.id === jobId)) return false;
  }
  return true;
}
