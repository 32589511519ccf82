/** How often a worker says it is alive. */
export const WORKER_HEARTBEAT_MS = 5_000;
/** A worker is live while its last heartbeat is within this many heartbeat intervals. */
export const WORKER_LIVE_HEARTBEATS = 3;
/** A worker stopped, or silent, for longer than this leaves the registry. */
export const WORKER_PRUNE_AFTER_MS = 24 * 60 * 60_000;
/** How often a worker checks the NFS stores it reaches. */
export const WORKER_STORE_CHECK_MS = 30_000;
/** How often, at most, a worker probes an object store (a request to the provider). */
export const WORKER_OBJECT_STORE_CHECK_MS = 60_000;

export type WorkerStatus = 'live' | 'stale' | 'stopped';

/** Live while it heartbeats, stale when it went silent without stopping (killed, hung, partitioned). */
export function workerStatus(
  worker: { heartbeatAt: Date; stoppedAt: Date | null },
  now: Date,
  heartbeatMs: number = WORKER_HEARTBEAT_MS,
): WorkerStatus {
  if (worker.stoppedAt) return 'stopped';
  return now.getTime() - worker.heartbeatAt.getTime() <= heartbeatMs * WORKER_LIVE_HEARTBEATS ? 'live' : 'stale';
}
