import { z } from 'zod';
import { entityId, errors } from '@stowage/core';
import type { ServiceContext } from '../context';
import { stagingSpace, type StagingSettings, type StagingSpace } from './staging-space';

export const getCacheViewInput = z.object({ zoneId: entityId }).strict();

export interface CachePoint {
  minute: Date;
  hits: number;
  /** Every acquire that found no ready entry: those that started its copy and those that joined one in flight. */
  misses: number;
  hitRatio: number | null;
  evictions: number;
}

export interface CacheView {
  zone: { id: string; name: string; mode: string };
  store: ({ id: string; name: string } & StagingSettings) | null;
  space: StagingSpace | null;
  /** Entries (replicas not destroyed) in the staging store; the entries themselves are `listCacheEntries`' pages. */
  entryCount: number;
  queue: { reservationId: string; objectName: string | null; bytes: number; waitingSince: Date; deadlineAt: Date | null; position: number }[];
  /** `misses` counts every acquire that was not a hit; `joined` those of them that waited for a copy in flight. */
  totals: { hits: number; misses: number; joined: number; hitRatio: number | null; bytesStaged: number; evictions: Record<'ttl' | 'pressure' | 'manual' | 'failed_copy', number> };
  series: CachePoint[];
}

const SERIES_MINUTES = 60;

/** Everything the Cache page shows for one zone: space, entries with their leases and rank, queue, history. */
export async function getCacheView(ctx: Pick<ServiceContext, 'db'>, input: z.input<typeof getCacheViewInput>): Promise<CacheView> {
  const { zoneId } = getCacheViewInput.parse(input);
  const now = new Date();
  const zone = await ctx.db.zone.findUnique({ where: { id: zoneId }, select: { id: true, name: true, mode: true } });
  if (!zone) throw errors.notFound('Zone', zoneId);
  const store = await ctx.db.store.findFirst({ where: { role: 'staging', zoneId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  const empty: CacheView['totals'] = { hits: 0, misses: 0, joined: 0, hitRatio: null, bytesStaged: 0, evictions: { ttl: 0, pressure: 0, manual: 0, failed_copy: 0 } };
  if (!store) return { zone, store: null, space: null, entryCount: 0, queue: [], totals: empty, series: [] };

  const since = new Date(now.getTime() - 24 * 3600_000);
  const lastMinute = Math.floor(now.getTime() / 60_000) * 60_000;
  const seriesSince = new Date(lastMinute - (SERIES_MINUTES - 1) * 60_000);
  const [space, entryCount, queue, day, stats] = await Promise.all([
    stagingSpace(ctx.db, store, now),
    ctx.db.replica.count({ where: { storeId: store.id, state: { not: 'destroyed' } } }),
    ctx.db.reservation.findMany({
      where: { storeId: store.id, state: 'waiting' },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: { id: true, bytes: true, createdAt: true, deadlineAt: true, replica: { select: { object: { select: { name: true } } } } },
    }),
    // The day's totals summed by the database: 1,440 minute rows read as one.
    ctx.db.cacheStat.aggregate({
      where: { storeId: store.id, minute: { gte: since } },
      _sum: { hits: true, misses: true, joined: true, bytesStaged: true, evictedTtl: true, evictedPressure: true, evictedManual: true, evictedFailed: true },
    }),
    ctx.db.cacheStat.findMany({ where: { storeId: store.id, minute: { gte: seriesSince } }, orderBy: { minute: 'asc' } }),
  ]);
  const sum = day._sum;
  const totals: CacheView['totals'] = {
    hits: sum.hits ?? 0,
    misses: (sum.misses ?? 0) + (sum.joined ?? 0),
    joined: sum.joined ?? 0,
    hitRatio: null,
    bytesStaged: Number(sum.bytesStaged ?? 0),
    evictions: { ttl: sum.evictedTtl ?? 0, pressure: sum.evictedPressure ?? 0, manual: sum.evictedManual ?? 0, failed_copy: sum.evictedFailed ?? 0 },
  };
  totals.hitRatio = totals.hits + totals.misses > 0 ? totals.hits / (totals.hits + totals.misses) : null;

  const byMinute = new Map(stats.map((stat) => [stat.minute.getTime(), stat]));
  const series: CachePoint[] = [];
  for (let index = SERIES_MINUTES - 1; index >= 0; index -= 1) {
    const minute = lastMinute - index * 60_000;
    const stat = byMinute.get(minute);
    const hits = stat?.hits ?? 0;
    const misses = (stat?.misses ?? 0) + (stat?.joined ?? 0);
    const evictions = stat ? stat.evictedTtl + stat.evictedPressure + stat.evictedManual + stat.evictedFailed : 0;
    series.push({ minute: new Date(minute), hits, misses, hitRatio: hits + misses > 0 ? hits / (hits + misses) : null, evictions });
  }

  return {
    zone,
    store: {
      id: store.id,
      name: store.name,
      reservationPolicy: store.reservationPolicy,
      overcommitFactor: store.overcommitFactor,
      highWatermarkPct: store.highWatermarkPct,
      lowWatermarkPct: store.lowWatermarkPct,
      idleTtlSeconds: store.idleTtlSeconds,
      reservationTimeoutSeconds: store.reservationTimeoutSeconds,
    },
    space,
    entryCount,
    queue: queue.map((row, index) => ({
      reservationId: row.id,
      objectName: row.replica?.object.name ?? null,
      bytes: Number(row.bytes),
      waitingSince: row.createdAt,
      deadlineAt: row.deadlineAt,
      position: index + 1,
    })),
    totals,
    series,
  };
}
