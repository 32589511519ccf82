import {
  failJob,
  handBackJob,
  heartbeatJob,
  JobLostError,
  PROGRESS_INTERVAL_MS,
  probeStore,
  retryJobLater,
  settleCancelledJob,
  succeedJob,
  type ClaimedJob,
  type ServiceContext,
} from '@stowage/services';
import { bandwidthShare } from '../transfer/bandwidth-share';
import { classifyError } from './classify-error';
import type { JobHandler } from './job-run';
import { recordOutcome } from './record-outcome';

export interface ExecuteOptions {
  ctx: ServiceContext;
  workerId: string;
  leaseMs: number;
  handler: JobHandler;
  /** Aborted when the worker shuts down: the job goes back to the queue without using an attempt. */
  shutdown?: AbortSignal;
  log?: (message: string) => void;
}

type StopReason = 'lost' | 'cancelled' | 'shutdown';

/**
 * Runs one claimed job under its lease: heartbeats (saving progress) every second, stops on cancel, lost
 * lease or shutdown, and settles the outcome — success with its effects, retry with backoff, or failure.
 * Every heartbeat and settle is fenced by the attempt claimed (job.attempts): once taken over, it changes nothing.
 */
export async function executeJob(job: ClaimedJob, options: ExecuteOptions): Promise<void> {
  try {
    await runClaimedJob(job, options);
  } catch (error) {
    // Settling already swallows its own failures; this catches what went wrong before the job could start
    // (the database unreachable at the first bandwidth read, say): the lease lapses and another claim retries it.
    options.log?.(`job ${job.id} could not run: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * A worker must stop before its lease can lapse: from then on another worker may claim the job, and two
 * writers would race. The margin covers the time the stop takes to reach the transfer.
 */
function leaseMargin(leaseMs: number): number {
  return Math.min(2_000, leaseMs / 5);
}

async function runClaimedJob(job: ClaimedJob, options: ExecuteOptions): Promise<void> {
  const { ctx, workerId, leaseMs } = options;
  const controller = new AbortController();
  let stopReason: StopReason | null = null;
  const stop = (reason: StopReason) => {
    if (stopReason) return;
    stopReason = reason;
    controller.abort(new Error(`job ${reason}`));
  };
  const onShutdown = () => stop('shutdown');
  options.shutdown?.addEventListener('abort', onShutdown);

  const storeIds = [job.sourceStoreId, job.targetStoreId].filter((id): id is string => id !== null);
  let bytesDone = 0;
  let bytesTotal: number | null = null;
  /** Until when this worker knows it holds the lease: the claim's end, then each renewal's (from when it was sent). */
  let ownedUntil = job.leaseExpiresAt.getTime();
  let rate: number | null = null;
  let beating = false;
  const beat = async () => {
    if (beating || stopReason) return;
    beating = true;
    const sentAt = Date.now();
    try {
      const heartbeat = await heartbeatJob(ctx.db, { jobId: job.id, workerId, attempt: job.attempts, leaseMs, bytesDone, bytesTotal });
      if (!heartbeat.owned) stop('lost');
      else if (heartbeat.cancelRequested) stop('cancelled');
      else ownedUntil = sentAt + leaseMs;
      rate = await bandwidthShare(ctx.db, storeIds);
    } catch (error) {
      options.log?.(`heartbeat of job ${job.id} failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      beating = false;
    }
  };
  const watchLease = () => {
    if (Date.now() >= ownedUntil - leaseMargin(leaseMs)) {
      options.log?.(`job ${job.id}: no heartbeat renewed its lease in time; stopping it so another worker can take over`);
      stop('lost');
      return;
    }
    void beat();
  };
  const timer = setInterval(watchLease, Math.min(PROGRESS_INTERVAL_MS, leaseMs / 5));

  try {
    rate = await bandwidthShare(ctx.db, storeIds);
    const result = await options.handler({
      job,
      ctx,
      workerId,
      signal: controller.signal,
      progress: (done, total) => {
        bytesDone = done;
        if (total !== undefined) bytesTotal = total;
      },
      rate: () => rate,
    });
    clearInterval(timer);
    if (stopReason) throw controller.signal.reason;
    const succeeded = { jobId: job.id, workerId, attempt: job.attempts, actor: ctx.actor, effects: result.effects, bytesDone, bytesTotal: bytesTotal ?? (bytesDone > 0 ? bytesDone : null) };
    await recordOutcome(() => succeedJob(ctx.db, succeeded), ownedUntil, logRetry(job, options));
  } catch (error) {
    clearInterval(timer);
    await settleFailure(job, options, error, stopReason, storeIds, ownedUntil);
  } finally {
    options.shutdown?.removeEventListener('abort', onShutdown);
  }
}

async function settleFailure(
  job: ClaimedJob,
  options: ExecuteOptions,
  error: unknown,
  stopReason: StopReason | null,
  storeIds: string[],
  leaseHeldUntil: number,
): Promise<void> {
  const { ctx, workerId } = options;
  const record = (settle: () => Promise<unknown>) => recordOutcome(settle, leaseHeldUntil, logRetry(job, options));
  try {
    if (error instanceof JobLostError || stopReason === 'lost') return;
    if (stopReason === 'cancelled') {
      await record(() => settleCancelledJob(ctx.db, { jobId: job.id, expectedState: 'running', expectedOwner: workerId, expectedAttempt: job.attempts, actor: ctx.actor }));
      return;
    }
    if (stopReason === 'shutdown') {
      await record(() => handBackJob(ctx.db, { jobId: job.id, workerId, attempt: job.attempts, runAfter: new Date() }));
      return;
    }
    const classified = classifyError(error);
    options.log?.(`job ${job.id} (${job.kind}) ${classified.transient ? 'will retry' : 'failed'}: ${classified.message}`);
    if (classified.storeUnavailable) {
      for (const storeId of storeIds) await probeStore({ ...ctx, actor: 'system:worker' }, { storeId }).catch(() => undefined);
    }
    const owned = { jobId: job.id, workerId, attempt: job.attempts, actor: ctx.actor, error: classified.message };
    await record(() => (classified.transient ? retryJobLater(ctx.db, owned) : failJob(ctx.db, owned)));
  } catch (settleError) {
    if (settleError instanceof JobLostError) return;
    options.log?.(`could not settle job ${job.id}: ${settleError instanceof Error ? settleError.message : String(settleError)}`);
  }
}

function logRetry(job: ClaimedJob, options: ExecuteOptions) {
  return (error: unknown, delayMs: number) =>
    options.log?.(`recording the outcome of job ${job.id} failed (${error instanceof Error ? error.message : String(error)}); trying again in ${delayMs} ms`);
}
