import type { ZoneMode } from '@stowage/core';
import type { ServiceContext } from '../context';
import { listStores } from '../stores/list-stores';
import type { StoreView } from '../stores/store-view';

export interface ZoneOverview {
  id: string;
  name: string;
  mode: ZoneMode;
  stores: StoreView[];
}

export interface ProcessRestart {
  at: Date;
  message: string;
}

export interface Overview {
  zones: ZoneOverview[];
  /** Region-wide object stores. */
  regionStores: StoreView[];
  totals: { zones: number; stores: number; storesDown: number; objects: number };
  /** Processes the supervisor had to restart in the last 24 hours: how many, and the latest few. */
  restarts: { last24h: number; latest: ProcessRestart[] };
}

const DAY_MS = 24 * 60 * 60_000;

export async function getOverview(ctx: Pick<ServiceContext, 'db'>): Promise<Overview> {
  const restartsSince = { type: 'process.restarted', at: { gte: new Date(Date.now() - DAY_MS) } };
  const [zones, stores, objects, restartCount, latestRestarts] = await Promise.all([
    ctx.db.zone.findMany({ select: { id: true, name: true, mode: true }, orderBy: { name: 'asc' } }),
    listStores(ctx),
    ctx.db.dataObject.count({ where: { deletedAt: null } }),
    ctx.db.event.count({ where: restartsSince }),
    ctx.db.event.findMany({ where: restartsSince, orderBy: [{ at: 'desc' }, { id: 'desc' }], take: 5, select: { at: true, message: true } }),
  ]);
  return {
    zones: zones.map((zone) => ({
      id: zone.id,
      name: zone.name,
      mode: zone.mode as ZoneMode,
      stores: stores.filter((store) => store.zoneId === zone.id),
    })),
    regionStores: stores.filter((store) => store.zoneId === null),
    totals: {
      zones: zones.length,
      stores: stores.length,
      storesDown: stores.filter((store) => store.state === 'down').length,
      objects,
    },
    restarts: { last24h: restartCount, latest: latestRestarts },
  };
}
