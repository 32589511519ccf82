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

export interface Overview {
  zones: ZoneOverview[];
  /** Region-wide object stores. */
  regionStores: StoreView[];
  totals: { zones: number; stores: number; storesDown: number; objects: number };
}

export async function getOverview(ctx: Pick<ServiceContext, 'db'>): Promise<Overview> {
  const [zones, stores, objects] = await Promise.all([
    ctx.db.zone.findMany({ select: { id: true, name: true, mode: true }, orderBy: { name: 'asc' } }),
    listStores(ctx),
    ctx.db.dataObject.count({ where: { deletedAt: null } }),
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
  };
}
