import { hostname } from 'node:os';
import {
  checkNfsPath,
  checkStoreFromWorker,
  handBackJob,
  heartbeatWorker,
  markWorkerStopped,
  nfsPathOf,
  pruneWorkers,
  reachableStores,
  reachesZone,
  recordWorkerStoreHealth,
  registerWorker,
  WORKER_HEARTBEAT_MS,
  WORKER_OBJECT_STORE_CHECK_MS,
  WORKER_STORE_CHECK_MS,
  type ClaimedJob,
  type ServiceContext,
  type WorkerStoreHealthInput,
} from '@stowage/services';

export interface WorkerPresenceOptions {
  ctx: ServiceContext;
  workerId: string;
  zones: string[] | null;
  version: string;
  heartbeatMs?: number;
  storeCheckMs?: number;
  log: (message: string) => void;
  /** How an NFS store's path is checked on this machine (a stat by default). */
  nfsPathCheck?: (path: string, workerId: string) => Promise<string | null>;
  /** Called when a store this worker found broken is ok again: jobs on it may be claimed. */
  onStoreRecovered: () => void;
}

export interface WorkerPresence {
  /** Resolves once the worker is registered (or failed to be: it logs and goes on); its stores are checked after. */
  readonly ready: Promise<void>;
  /** Stores this worker found broken: it claims no job on them until they are ok again. */
  brokenStoreIds(): string[];
  /** Stores this worker reaches (its zones' stores and every object store). */
  reachableStoreIds(): Promise<string[]>;
  /**
   * Hands a claimed job back, without spending its attempt, when it touches a store this worker cannot reach
   * (another zone, or an NFS path missing here — reported as this worker's health for that store). True when
   * it did.
   */
  handBackIfUnreachable(job: ClaimedJob, retryAfterMs: number): Promise<boolean>;
  /** Stops the timers and marks the worker stopped. */
  stop(): Promise<void>;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The worker as the registry sees it: registered at start, heartbeating, checking the stores it reaches (NFS
 * every `storeCheckMs`, object stores at most once a minute) and reporting their health, marked stopped on a
 * clean stop; workers gone for a day are pruned.
 */
export function startWorkerPresence(options: WorkerPresenceOptions): WorkerPresence {
  const { ctx, workerId, zones, log } = options;
  const pathCheck = options.nfsPathCheck ?? checkNfsPath;
  const broken = new Map<string, string>();
  const objectStoreCheckedAt = new Map<string, number>();
  let stopped = false;

  const register = () => registerWorker(ctx.db, { id: workerId, hostname: hostname(), pid: process.pid, version: options.version, zones });

  const checkStores = async () => {
    const stores = await reachableStores(ctx.db, zones);
    const health: WorkerStoreHealthInput[] = [];
    for (const store of stores) {
      if (store.adminState === 'maintenance') continue;
      if (nfsPathOf(store) === null) {
        const last = objectStoreCheckedAt.get(store.id);
        if (last !== undefined && Date.now() - last < WORKER_OBJECT_STORE_CHECK_MS) continue;
        objectStoreCheckedAt.set(store.id, Date.now());
      }
      health.push(await checkStoreFromWorker(ctx, store, workerId, pathCheck));
    }
    let recovered = false;
    for (const entry of health) {
      if (entry.ok) recovered = broken.delete(entry.storeId) || recovered;
      else broken.set(entry.storeId, entry.error ?? 'broken');
    }
    const reachable = new Set(stores.map((store) => store.id));
    for (const storeId of broken.keys()) if (!reachable.has(storeId)) broken.delete(storeId);
    if (!(await heartbeatWorker(ctx.db, { id: workerId, health }))) {
      await register();
      await heartbeatWorker(ctx.db, { id: workerId, health });
    }
    if (recovered) options.onStoreRecovered();
  };

  const guarded = (what: string, task: () => Promise<unknown>) => async () => {
    if (stopped) return;
    try {
      await task();
    } catch (error) {
      log(`${what} failed: ${message(error)}`);
    }
  };

  const beat = guarded('worker heartbeat', async () => {
    if (!(await heartbeatWorker(ctx.db, { id: workerId }))) await register();
  });
  const check = guarded('store check', async () => {
    await checkStores();
    await pruneWorkers(ctx.db);
  });

  // Claiming waits for the registration only: a slow object store must not hold up the first claim.
  const ready = guarded('worker registration', register)();
  let checking = ready.then(check);
  const timers = [
    setInterval(() => void beat(), options.heartbeatMs ?? WORKER_HEARTBEAT_MS),
    setInterval(() => {
      checking = checking.then(check);
    }, options.storeCheckMs ?? WORKER_STORE_CHECK_MS),
  ];

  return {
    ready,
    brokenStoreIds: () => [...broken.keys()],
    async reachableStoreIds() {
      return (await reachableStores(ctx.db, zones)).map((store) => store.id);
    },
    async handBackIfUnreachable(job, retryAfterMs) {
      const storeIds = [job.sourceStoreId, job.targetStoreId].filter((id): id is string => id !== null);
      if (storeIds.length === 0) return false;
      const stores = await ctx.db.store.findMany({ where: { id: { in: storeIds } }, select: { id: true, name: true, provider: true, config: true, zone: { select: { name: true } } } });
      let reason: string | null = null;
      for (const store of stores) {
        if (store.zone && !reachesZone(zones, store.zone.name)) reason = `store ${store.name} is in zone ${store.zone.name}, which this worker does not reach`;
        else if (broken.has(store.id)) reason = broken.get(store.id)!;
        else {
          const path = nfsPathOf(store);
          const missing = path === null ? null : await pathCheck(path, workerId);
          if (missing) {
            broken.set(store.id, missing);
            await recordWorkerStoreHealth(ctx.db, { workerId, health: [{ storeId: store.id, ok: false, error: missing }] });
            reason = missing;
          }
        }
        if (reason) break;
      }
      if (!reason) return false;
      log(`job ${job.id} (${job.kind}) handed back: ${reason}`);
      const handBack = { jobId: job.id, workerId, attempt: job.attempts, runAfter: new Date(Date.now() + retryAfterMs) };
      await handBackJob(ctx.db, handBack);
      return true;
    },
    async stop() {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      await ready;
      await checking;
      await markWorkerStopped(ctx.db, { id: workerId }).catch((error: unknown) => log(`marking the worker stopped failed: ${message(error)}`));
    },
  };
}
