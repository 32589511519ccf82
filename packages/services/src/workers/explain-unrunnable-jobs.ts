import type { ServiceContext } from '../context';
import { reachesZone } from './reaches-zone';
import { workerStatus } from './worker-tuning';
import { zonesFromJson } from './zones-json';

export interface UnrunnableJobs {
  sourceStoreId: string | null;
  targetStoreId: string | null;
  /** Queued jobs between these stores. */
  jobs: number;
  reason: string;
}

export interface UnrunnableExplanation {
  /** Queued jobs no live worker can run now. */
  total: number;
  /** One entry per (source, target) pair of stores whose queued jobs no live worker can run. */
  groups: UnrunnableJobs[];
}

interface LiveWorker {
  id: string;
  zones: string[] | null;
  broken: Map<string, string>;
}

interface StoreInfo {
  id: string;
  name: string;
  zoneName: string | null;
}

/**
 * Why queued jobs wait on workers: for each pair of stores queued jobs touch, whether some live worker reaches
 * every zone they are in and finds none of them broken — and if not, why not, in words an admin acts on.
 */
export async function explainUnrunnableJobs(ctx: Pick<ServiceContext, 'db'>, now = new Date()): Promise<UnrunnableExplanation> {
  const pairs = await ctx.db.job.groupBy({ by: ['sourceStoreId', 'targetStoreId'], where: { state: 'queued' }, _count: { _all: true } });
  if (pairs.length === 0) return { total: 0, groups: [] };
  const storeIds = [...new Set(pairs.flatMap((pair) => [pair.sourceStoreId, pair.targetStoreId]).filter((id): id is string => id !== null))];
  const [stores, workers] = await Promise.all([
    ctx.db.store.findMany({ where: { id: { in: storeIds } }, select: { id: true, name: true, zone: { select: { name: true } } } }),
    ctx.db.worker.findMany({
      where: { stoppedAt: null },
      select: { id: true, zones: true, heartbeatAt: true, stoppedAt: true, storeHealth: { where: { ok: false, storeId: { in: storeIds } }, select: { storeId: true, error: true } } },
    }),
  ]);
  const storeById = new Map(stores.map((store) => [store.id, { id: store.id, name: store.name, zoneName: store.zone?.name ?? null }]));
  const live: LiveWorker[] = workers
    .filter((worker) => workerStatus(worker, now) === 'live')
    .map((worker) => ({
      id: worker.id,
      zones: zonesFromJson(worker.zones),
      broken: new Map(worker.storeHealth.map((health) => [health.storeId, health.error ?? 'broken'])),
    }));

  const groups: UnrunnableJobs[] = [];
  for (const pair of pairs) {
    const touched = [pair.sourceStoreId, pair.targetStoreId].flatMap((id) => (id && storeById.has(id) ? [storeById.get(id)!] : []));
    const reason = whyNoWorker(touched, live);
    if (reason) groups.push({ sourceStoreId: pair.sourceStoreId, targetStoreId: pair.targetStoreId, jobs: pair._count._all, reason });
  }
  return { total: groups.reduce((sum, group) => sum + group.jobs, 0), groups };
}

/** Null when some live worker reaches every one of these stores and finds none broken. */
function whyNoWorker(stores: StoreInfo[], live: LiveWorker[]): string | null {
  if (live.length === 0) return 'No live worker is running';
  const zoned = stores.filter((store): store is StoreInfo & { zoneName: string } => store.zoneName !== null);
  const reaching = live.filter((worker) => zoned.every((store) => reachesZone(worker.zones, store.zoneName)));
  if (reaching.length === 0) {
    const unreached = zoned.find((store) => !live.some((worker) => reachesZone(worker.zones, store.zoneName)));
    if (unreached) return `No live worker reaches zone ${unreached.zoneName} (its store ${unreached.name})`;
    return `No live worker reaches both ${zoned.map((store) => `zone ${store.zoneName} (its store ${store.name})`).join(' and ')}`;
  }
  if (reaching.some((worker) => stores.every((store) => !worker.broken.has(store.id)))) return null;
  const broken = stores.find((store) => reaching.some((worker) => worker.broken.has(store.id)))!;
  const error = reaching.map((worker) => worker.broken.get(broken.id)).find((message) => message !== undefined);
  return `Every worker that reaches ${broken.name} finds it broken: ${error}`;
}
