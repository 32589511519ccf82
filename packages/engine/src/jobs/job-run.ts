import type { Prisma } from '@stowage/db';
import type { ClaimedJob, ServiceContext } from '@stowage/services';

/** What a job handler gets: the job, the context, a signal that fires on cancel or lost lease, progress. */
export interface JobRun {
  job: ClaimedJob;
  ctx: ServiceContext;
  workerId: string;
  signal: AbortSignal;
  /** Records progress in memory; the heartbeat saves it at most once a second. */
  progress(bytesDone: number, bytesTotal?: number | null): void;
  /** This transfer's current share of its stores' bandwidth limits, bytes per second; null is unlimited. */
  rate(): number | null;
}

/** A handler's success: the state changes to commit, atomically with the job's success. */
export interface JobResult {
  effects?: (tx: Prisma.TransactionClient) => Promise<void>;
}

export type JobHandler = (run: JobRun) => Promise<JobResult>;
