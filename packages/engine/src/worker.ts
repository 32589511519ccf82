import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { claimJobs, handBackJob, DEFAULT_JOB_LEASE_MS, UNCLAIMABLE_SETTLE_MS, probeStaleStores, probeStore, reachableStores, reconcile, runJanitor, tryLock, unlock, type ClaimedJob, type ServiceContext } from '@stowage/services';
import { rollUpJobCounts, rollUpReplicaCounts } from '@stowage/db';
import { executeJob } from './jobs/execute-job';
import { startWorkerPresence } from './worker-presence';
import type { JobHandler } from './jobs/job-run';
import { JOB_HANDLERS } from './handlers';
import { sweepAbandoned } from './sweep-abandoned';

export interface WorkerOptions {
  ctx: ServiceContext;
  workerId?: string;
  /** Jobs run at once by this process. */
  concurrency?: number;
  leaseMs?: number;
  /** How long to wait before looking for work again when the queue is empty. */
  pollMs?: number;
  /** How often the reconciler looks at objects flagged by a change. */
  reconcileIntervalMs?: number;
  /** How often it re-examines every object, as a safety net. */
  fullSweepIntervalMs?: number;
  /** How often stores that failed their last probe are probed again, so waiting jobs resume soon. */
  downStoreProbeMs?: number;
  /** How often the stores of its zones are probed (health and capacity) when no one probed them since. */
  storeProbeMs?: number;
  /** How often the cache janitor runs (one worker at a time): lease expiry, age-out, pressure, the queue. */
  janitorIntervalMs?: number;
  /** How often abandoned temp files of killed writers are looked for (one worker at a time). */
  sweepIntervalMs?: number;
  handlers?: Record<string, JobHandler>;
  log?: (message: string) => void;
  /** Names of the zones whose NFS this worker reaches; null (the default) for every zone. Object stores are reachable from all. */
  zones?: string[] | null;
  /** What it runs, shown on the Workers page: the product version and commit. */
  version?: string;
  /** How often it heartbeats its registry row. */
  heartbeatMs?: number;
  /** How often it checks the NFS stores it reaches (object stores at most once a minute). */
  storeCheckMs?: number;
  /** How it checks that an NFS store's path is there on this machine (a stat by default; tests stand in for a machine without the mount). */
  nfsPathCheck?: (path: string, workerId: string) => Promise<string | null>;
}

export interface Worker {
  readonly workerId: string;
  /** Stops claiming, hands running jobs back to the queue, and resolves when they have let go. */
  stop(): Promise<void>;
  /** Resolves when the queue has nothing runnable and nothing is running (for tests and benchmarks). */
  idle(): Promise<void>;
}

/**
 * A worker process's loop: claims jobs from the database under a lease and runs up to `concurrency` at once;
 * one worker at a time (by a database lock) runs the reconciler. Any number of workers, on any machines.
 */
export function startWorker(options: WorkerOptions): Worker {
  const workerId = options.workerId ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const ctx = { ...options.ctx, actor: `worker:${workerId}` };
  const concurrency = options.concurrency ?? 4;
  const leaseMs = options.leaseMs ?? DEFAULT_JOB_LEASE_MS;
  const pollMs = options.pollMs ?? 500;
  const handlers = options.handlers ?? JOB_HANDLERS;
  const log = options.log ?? (() => undefined);
  const shutdown = new AbortController();
  const running = new Set<Promise<void>>();
  let wake: (() => void) | null = null;
  let queueEmpty = false;
  const zones = options.zones ?? null;
  const presence = startWorkerPresence({
    ctx,
    workerId,
    zones,
    version: options.version ?? 'unknown',
    heartbeatMs: options.heartbeatMs,
    storeCheckMs: options.storeCheckMs,
    nfsPathCheck: options.nfsPathCheck,
    log,
    onStoreRecovered: () => wake?.(),
  });

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wake = null;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(timer);
        wake = null;
        resolve();
      };
    });

  /** Claimed in one batch (up to the free slots), not started yet. */
  const claimed: ClaimedJob[] = [];
  let unclaimableSettledAt = 0;
  /** Claims and starts at most one job; false when there was nothing to start. */
  const claimAndStart = async (): Promise<boolean> => {
    let job = claimed.shift();
    if (!job) {
      const settleUnclaimable = Date.now() - unclaimableSettledAt >= UNCLAIMABLE_SETTLE_MS;
      if (settleUnclaimable) unclaimableSettledAt = Date.now();
      const claimOptions = { workerId, leaseMs, kinds: Object.keys(handlers), reachableZones: zones, excludedStoreIds: presence.brokenStoreIds(), max: concurrency - running.size, settleUnclaimable };
      claimed.push(...(await claimJobs(ctx.db, claimOptions)));
      job = claimed.shift();
    }
    if (!job) return false;
    let handedBack = false;
    try {
      handedBack = await presence.handBackIfUnreachable(job, pollMs);
    } catch (error) {
      log(`checking the stores of job ${job.id} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (handedBack) return true;
    const execution = executeJob(job, { ctx, workerId, leaseMs, handler: handlers[job.kind]!, shutdown: shutdown.signal, log }).finally(() => {
      running.delete(execution);
      wake?.();
    });
    running.add(execution);
    return true;
  };
  const runJobs = async () => {
    await presence.ready;
    while (!shutdown.signal.aborted) {
      if (running.size >= concurrency) {
        await Promise.race(running);
        continue;
      }
      let started = false;
      try {
        started = await claimAndStart();
      } catch (error) {
        // The database gone for a moment (a restart, a failover) must not end the loop: poll again.
        log(`claim failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (started) {
        queueEmpty = false;
        continue;
      }
      queueEmpty = running.size === 0 && claimed.length === 0;
      await sleep(pollMs);
    }
    for (const job of claimed.splice(0)) await handBackJob(ctx.db, { jobId: job.id, workerId, attempt: job.attempts, runAfter: new Date() }).catch(() => undefined);
  };

  const every = (ms: number, task: () => Promise<unknown>) => {
    let busy = false;
    const timer = setInterval(async () => {
      if (busy || shutdown.signal.aborted) return;
      busy = true;
      try {
        await task();
      } catch (error) {
        log(`periodic task failed: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        busy = false;
      }
    }, ms);
    return timer;
  };

  let lastFullSweep = Date.now();
  const fullSweepMs = options.fullSweepIntervalMs ?? 10 * 60_000;
  const reconcileMs = options.reconcileIntervalMs ?? 1_000;
  const janitorMs = options.janitorIntervalMs ?? 5_000;
  const timers = [
    every(reconcileMs, async () => {
      if (!(await tryLock(ctx.db, { name: 'reconciler', ownerId: workerId, ttlMs: Math.max(10_000, reconcileMs * 10) }))) return;
      const full = Date.now() - lastFullSweep >= fullSweepMs;
      const result = await reconcile(ctx, { scope: full ? 'all' : 'dirty' });
      if (full) lastFullSweep = Date.now();
      if (result.actionsApplied > 0) {
        log(`reconciler: ${result.objectsExamined} objects, ${result.actionsApplied} actions, ${Math.round(result.durationMs)} ms`);
        wake?.();
      }
    }),
    every(janitorMs, async () => {
      // A short lock: when its holder dies, another worker takes over the janitor within seconds, not a minute.
      if (!(await tryLock(ctx.db, { name: 'janitor', ownerId: workerId, ttlMs: Math.max(10_000, janitorMs * 3) }))) return;
      const result = await runJanitor(ctx);
      // Fold the count deltas into the counts: keeps the delta tables (what every count read adds) small.
      await rollUpReplicaCounts(ctx.db);
      await rollUpJobCounts(ctx.db);
      const acted = result.leasesExpired + result.agedOut + result.evictedForPressure + result.granted + result.timedOut;
      if (acted > 0) {
        log(`janitor: ${result.leasesExpired} leases expired, ${result.agedOut} aged out, ${result.evictedForPressure} evicted for space, ${result.granted} reservations granted, ${result.timedOut} timed out`);
        wake?.();
      }
    }),
    every(options.sweepIntervalMs ?? 10 * 60_000, async () => {
      if (!(await tryLock(ctx.db, { name: 'sweeper', ownerId: workerId, ttlMs: 5 * 60_000 }))) return;
      const { removed } = await sweepAbandoned(ctx);
      if (removed > 0) log(`sweeper: removed ${removed} abandoned temp files`);
    }),
    // A zone's stores are probed from the zone (the web app probes object stores and zones without a worker);
    // a store this worker finds broken (its path missing here) is this worker's health report, not a probe.
    every(options.storeProbeMs ?? 30_000, async () => {
      const broken = new Set(presence.brokenStoreIds());
      const zoneStores = (await reachableStores(ctx.db, zones)).filter((store) => store.zoneName !== null && !broken.has(store.id));
      await probeStaleStores({ ...ctx, actor: 'system:probe' }, { maxAgeMs: options.storeProbeMs ?? 30_000, storeIds: zoneStores.map((store) => store.id) });
    }),
    every(options.downStoreProbeMs ?? 5_000, async () => {
      const broken = new Set(presence.brokenStoreIds());
      const reachable = (await presence.reachableStoreIds()).filter((id) => !broken.has(id));
      const down = await ctx.db.store.findMany({ where: { lastProbeOk: false, adminState: { not: 'maintenance' }, id: { in: reachable } }, select: { id: true } });
      for (const store of down) await probeStore({ ...ctx, actor: 'system:probe' }, { storeId: store.id });
      if (down.length > 0) wake?.();
    }),
  ];

  // Once at start as well, without the lock (removing a temp file twice is harmless): a worker restarted
  // after a crash clears what the crash left at once, not a sweep interval later.
  void sweepAbandoned(ctx)
    .then(({ removed }) => removed > 0 && log(`sweeper: removed ${removed} abandoned temp files at start`))
    .catch((error: unknown) => log(`sweep at start failed: ${error instanceof Error ? error.message : String(error)}`));
  const loop = runJobs();
  log(`worker ${workerId} started (${concurrency} at once, lease ${leaseMs} ms, ${zones === null ? 'every zone' : `zones ${zones.join(', ') || 'none'}`})`);

  return {
    workerId,
    async stop() {
      shutdown.abort();
      wake?.();
      for (const timer of timers) clearInterval(timer);
      await loop;
      await Promise.allSettled([...running]);
      for (const name of ['reconciler', 'janitor', 'sweeper']) await unlock(ctx.db, { name, ownerId: workerId }).catch(() => undefined);
      await presence.stop();
    },
    async idle() {
      for (;;) {
        // One snapshot: read apart, a reconciler pass (dirty cleared, jobs queued) or a job ending (succeeded,
        // object marked dirty) between the two counts would make both zero while work remains.
        const [pending, dirty] = await ctx.db.$transaction(async (tx) => [
          await tx.job.count({ where: { state: { in: ['queued', 'running'] } } }),
          await tx.dataObject.count({ where: { needsReconcile: true } }),
        ]);
        if (pending === 0 && dirty === 0 && running.size === 0 && queueEmpty) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
}
