import { z } from 'zod';
import { claimJobRows, type ClaimedJobRow, type Db } from '@stowage/db';
import { DEFAULT_JOB_LEASE_MS } from './job-tuning';
import { jobsOverTransferLimits, readStoreGates } from './job-store-gates';
import { handBackJob } from './settle-job';
import { settleUnclaimableJobs } from './settle-unclaimable';

export interface ClaimedJob {
  id: string;
  kind: string;
  objectId: string | null;
  replicaId: string | null;
  sourceStoreId: string | null;
  targetStoreId: string | null;
  payload: Record<string, unknown>;
  /** The attempt this claim is: heartbeats and settling pass it back, and are refused once it was taken over. */
  attempts: number;
  maxAttempts: number;
  /** When this claim's lease runs out unless a heartbeat renews it (by the claimer's clock). */
  leaseExpiresAt: Date;
}

/** The claimed job as a handler sees it, from its row (attempts as of this claim) and its lease's end. */
export function toClaimedJob(row: ClaimedJobRow, leaseExpiresAt: Date): ClaimedJob {
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
    leaseExpiresAt,
  };
}

export const claimJobsInput = z.object({
  workerId: z.string().min(1).max(200),
  max: z.number().int().min(1).max(100),
  leaseMs: z.number().int().positive().optional(),
  now: z.date().optional(),
  kinds: z.array(z.string().min(1)).optional(),
  /** Names of the zones whose stores this worker reaches; null or absent: all. */
  reachableZones: z.array(z.string().min(1)).nullish(),
  /** Stores this worker found broken (its own checks): their jobs are left to other workers. */
  excludedStoreIds: z.array(z.string().min(1)).optional(),
  /**
   * Settle the jobs a claim must not take first (settleUnclaimableJobs: cancel requests, abandoned jobs, copies
   * from a blocked source). The claim itself skips them either way, so a worker does it at most every
   * UNCLAIMABLE_SETTLE_MS rather than on every claim (it is the costliest query of a claim).
   */
  settleUnclaimable: z.boolean().default(true),
});

/** How often a worker settles unclaimable jobs before a claim: a cancel of a queued job takes effect this soon. */
export const UNCLAIMABLE_SETTLE_MS = 1_000;

/**
 * Claims up to `max` runnable jobs for `workerId`: queued jobs whose backoff has passed, and running jobs whose
 * owner stopped heartbeating (taken over; its attempt counts, its claim ends as lost). Concurrent claimers
 * never get the same job, on SQLite and PostgreSQL alike. Jobs touching a store that is down, in maintenance,
 * at its concurrent-transfer limit, or outside the worker's reachable zones wait without using up an attempt.
 */
export async function claimJobs(db: Db, input: z.input<typeof claimJobsInput>): Promise<ClaimedJob[]> {
  const options = claimJobsInput.parse(input);
  const now = options.now ?? new Date();
  const kinds = options.kinds ?? null;
  const [gates] = await Promise.all([readStoreGates(db, now), options.settleUnclaimable ? settleUnclaimableJobs(db, { now, kinds }) : undefined]);
  const leaseMs = options.leaseMs ?? DEFAULT_JOB_LEASE_MS;
  const rows = await claimJobRows(db, {
    workerId: options.workerId,
    max: options.max,
    now,
    leaseMs,
    kinds,
    avoidStoreIds: [...gates.blocked, ...gates.full, ...(options.excludedStoreIds ?? [])],
    reachableZones: options.reachableZones ?? null,
  });
  const over = await jobsOverTransferLimits(db, rows, gates.limits, now);
  for (const row of rows.filter((job) => over.has(job.id))) {
    const runAfter = new Date(now.getTime() + 200 + Math.round(Math.random() * 300));
    await handBackJob(db, { jobId: row.id, workerId: options.workerId, attempt: row.attempts, runAfter, now });
  }
  return rows.filter((row) => !over.has(row.id)).map((row) => toClaimedJob(row, new Date(now.getTime() + leaseMs)));
}

/** Claims one runnable job (see claimJobs), or null when there is none. */
export async function claimJob(db: Db, input: Omit<z.input<typeof claimJobsInput>, 'max'>): Promise<ClaimedJob | null> {
  const [job] = await claimJobs(db, { ...input, max: 1 });
  return job ?? null;
}
