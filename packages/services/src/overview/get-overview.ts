import type { ZoneMode } from '@stowage/core';
import type { ServiceContext } from '../context';
import { capacityOf, OCCUPYING_STATES } from '../cache/staging-space';
import { jobViewSelect, toJobView, transferProgress, type JobView } from '../jobs/job-view';
import { countReplicaStates, emptyStateCounts, type StateCounts, type StoreStateCounts } from '../replicas/count-replica-states';
import { LIVE_REPLICA_STATES } from '../stores/store-usage';
import { secretFieldsOf, storeSelect, toStoreView, type StoreView } from '../stores/store-view';

export interface ZoneOverview {
  id: string;
  name: string;
  mode: ZoneMode;
  stores: StoreView[];
  /** The zone's copies (replicas on its record stores) per state, from the counters. */
  health: StateCounts;
}

export interface ProcessRestart {
  at: Date;
  message: string;
}

export interface RunningJobs {
  /** Jobs running now. */
  count: number;
  /** The longest-running few of them. */
  jobs: JobView[];
  /** Σ of the running jobs' rates (each its current attempt's average), bytes per second. */
  bytesPerSecond: number;
  /** Bytes moved and to move of the running jobs that know their size. */
  bytesDone: number;
  bytesTotal: number;
  /** Time left for those at the current rate; null when nothing reports a rate or a size. */
  etaSeconds: number | null;
}

export interface StoreDown {
  id: string;
  name: string;
  zoneName: string | null;
  error: string | null;
  /** The last probe, the one that failed. */
  since: Date | null;
}

export interface CacheOverWatermark {
  id: string;
  name: string;
  zoneName: string | null;
  usedBytes: number;
  capacityBytes: number;
  usedPct: number;
  highWatermarkPct: number;
}

export interface Overview {
  zones: ZoneOverview[];
  /** Region-wide object stores. */
  regionStores: StoreView[];
  totals: { zones: number; stores: number; storesDown: number; objects: number; failedCopies: number };
  /** Processes the supervisor had to restart in the last 24 hours: how many, and the latest few. */
  restarts: { last24h: number; latest: ProcessRestart[] };
  running: RunningJobs;
  /** The latest failed jobs, newest first. */
  recentFailures: JobView[];
  storesDown: StoreDown[];
  /** Staging stores filled past their high watermark (the janitor evicts down to the low one). */
  cachesOverWatermark: CacheOverWatermark[];
}

const DAY_MS = 24 * 60 * 60_000;
/** Running jobs listed; the aggregate rate and ETA are over up to RUNNING_SAMPLE of them (workers × slots). */
const RUNNING_LISTED = 6;
const RUNNING_SAMPLE = 500;
const FAILURES_LISTED = 5;
/** What a running job's share of the aggregate rate and ETA needs (no joins). */
const progressSelect = { bytesDone: true, bytesTotal: true, startedAt: true, heartbeatAt: true } as const;

const sumOf = (counts: StateCounts, states: readonly string[]) => states.reduce((sum, state) => sum + (counts[state as keyof StateCounts] ?? 0), 0);

/**
 * What the Overview shows, every query bounded: replica counts and bytes come from the per-state counters
 * (never a scan of Replica), jobs from indexed, limited reads.
 */
export async function getOverview(ctx: Pick<ServiceContext, 'db'>): Promise<Overview> {
  const { db } = ctx;
  const restartsSince = { type: 'process.restarted', at: { gte: new Date(Date.now() - DAY_MS) } };
  const [zones, storeRows, counts, objects, restartCount, latestRestarts, runningCount, runningRows, runningSample, failedRows] = await Promise.all([
    db.zone.findMany({ select: { id: true, name: true, mode: true }, orderBy: { name: 'asc' } }),
    db.store.findMany({ select: storeSelect, orderBy: [{ name: 'asc' }] }),
    countReplicaStates(ctx),
    db.dataObject.count({ where: { deletedAt: null } }),
    db.event.count({ where: restartsSince }),
    db.event.findMany({ where: restartsSince, orderBy: [{ at: 'desc' }, { id: 'desc' }], take: 5, select: { at: true, message: true } }),
    db.job.count({ where: { state: 'running' } }),
    db.job.findMany({ where: { state: 'running' }, select: jobViewSelect, orderBy: [{ runAfter: 'asc' }, { id: 'asc' }], take: RUNNING_LISTED }),
    db.job.findMany({ where: { state: 'running' }, select: progressSelect, orderBy: [{ runAfter: 'asc' }, { id: 'asc' }], take: RUNNING_SAMPLE }),
    db.job.findMany({ where: { state: 'failed' }, select: jobViewSelect, orderBy: [{ runAfter: 'desc' }, { id: 'desc' }], take: FAILURES_LISTED * 4 }),
  ]);

  const countsOf = new Map<string, StoreStateCounts>(counts.byStore.map((entry) => [entry.storeId, entry]));
  const stores = storeRows.map((row) => {
    const entry = countsOf.get(row.id);
    const usage = entry
      ? { replicaCount: sumOf(entry.counts, LIVE_REPLICA_STATES), replicaBytes: sumOf(entry.bytes, LIVE_REPLICA_STATES) }
      : { replicaCount: 0, replicaBytes: 0 };
    return toStoreView(row, usage, secretFieldsOf(row));
  });
  const healthOf = new Map(counts.byZone.map((entry) => [entry.zoneId, entry.counts]));
  const down = stores.filter((store) => store.state === 'down');

  const progress = runningSample.map((row) => transferProgress(row));
  const bytesPerSecond = progress.reduce((sum, job) => sum + (job.rateBps ?? 0), 0);
  const sized = progress.filter((job) => job.bytesTotal !== null);
  const bytesDone = sized.reduce((sum, job) => sum + job.bytesDone, 0);
  const bytesTotal = sized.reduce((sum, job) => sum + (job.bytesTotal ?? 0), 0);

  const cachesOverWatermark: CacheOverWatermark[] = [];
  for (const row of storeRows) {
    if (row.role !== 'staging') continue;
    const capacityBytes = capacityOf(row);
    const entry = countsOf.get(row.id);
    if (!capacityBytes || !entry) continue;
    const usedBytes = sumOf(entry.bytes, OCCUPYING_STATES);
    const usedPct = (usedBytes / capacityBytes) * 100;
    if (usedPct >= row.highWatermarkPct) {
      cachesOverWatermark.push({ id: row.id, name: row.name, zoneName: row.zone?.name ?? null, usedBytes, capacityBytes, usedPct, highWatermarkPct: row.highWatermarkPct });
    }
  }

  const failures = failedRows.map(toJobView).sort((a, b) => (b.finishedAt?.getTime() ?? 0) - (a.finishedAt?.getTime() ?? 0));

  return {
    zones: zones.map((zone) => ({
      id: zone.id,
      name: zone.name,
      mode: zone.mode as ZoneMode,
      stores: stores.filter((store) => store.zoneId === zone.id),
      health: healthOf.get(zone.id) ?? emptyStateCounts(),
    })),
    regionStores: stores.filter((store) => store.zoneId === null),
    totals: {
      zones: zones.length,
      stores: stores.length,
      storesDown: down.length,
      objects,
      failedCopies: counts.byZone.reduce((sum, zone) => sum + zone.counts.failed, 0),
    },
    restarts: { last24h: restartCount, latest: latestRestarts },
    running: {
      count: runningCount,
      jobs: runningRows.map(toJobView),
      bytesPerSecond,
      bytesDone,
      bytesTotal,
      etaSeconds: bytesPerSecond > 0 && bytesTotal > 0 ? Math.max(0, (bytesTotal - bytesDone) / bytesPerSecond) : null,
    },
    recentFailures: failures.slice(0, FAILURES_LISTED),
    storesDown: down.map((store) => ({ id: store.id, name: store.name, zoneName: store.zoneName, error: store.lastProbe?.error ?? null, since: store.lastProbe?.at ?? null })),
    cachesOverWatermark,
  };
}
