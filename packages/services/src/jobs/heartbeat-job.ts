import type { Db } from '@stowage/db';
import { DEFAULT_JOB_LEASE_MS } from './job-tuning';

export interface Heartbeat {
  /** False when the lease was lost: the worker must stop and change nothing. */
  owned: boolean;
  cancelRequested: boolean;
}

/**
 * Extends the job's lease and saves its progress (and its replica's) in one write, only for the attempt this
 * worker claimed: once its lease was taken over — even by the same worker id — the beat changes nothing.
 */
export async function heartbeatJob(
  db: Db,
  options: { jobId: string; workerId: string; attempt: number; leaseMs?: number; bytesDone?: number; bytesTotal?: number | null; now?: Date },
): Promise<Heartbeat> {
  const now = options.now ?? new Date();
  const progress = options.bytesDone === undefined ? {} : { bytesDone: BigInt(options.bytesDone) };
  const total = options.bytesTotal == null ? {} : { bytesTotal: BigInt(options.bytesTotal) };
  const [extended, job] = await db.$transaction([
    db.job.updateMany({
      where: { id: options.jobId, ownerId: options.workerId, state: 'running', attempts: options.attempt },
      data: { heartbeatAt: now, leaseExpiresAt: new Date(now.getTime() + (options.leaseMs ?? DEFAULT_JOB_LEASE_MS)), ...progress, ...total },
    }),
    db.job.findUnique({ where: { id: options.jobId }, select: { cancelRequested: true, replicaId: true, kind: true } }),
  ]);
  if (extended.count !== 1 || !job) return { owned: false, cancelRequested: false };
  if (job.replicaId && options.bytesDone !== undefined && job.kind !== 'verify' && job.kind !== 'delete') {
    await db.replica.updateMany({
      where: { id: job.replicaId, state: 'copying' },
      data: { ...progress, ...total },
    });
  }
  return { owned: true, cancelRequested: job.cancelRequested };
}
