import { z } from 'zod';
import { entityId } from '@stowage/core';
import type { ServiceContext } from '../context';
import { storeUsage } from './store-usage';
import { secretFieldsOf, storeSelect, toStoreView, type StoreView } from './store-view';

export const listStoresInput = z.object({ zoneId: entityId.optional() }).default({});
export type ListStoresInput = z.input<typeof listStoresInput>;

export async function listStores(ctx: Pick<ServiceContext, 'db'>, input: ListStoresInput = {}): Promise<StoreView[]> {
  const { zoneId } = listStoresInput.parse(input);
  const rows = await ctx.db.store.findMany({
    where: zoneId ? { zoneId } : {},
    select: storeSelect,
    orderBy: [{ name: 'asc' }],
  });
  const usage = await storeUsage(ctx.db, rows.map((row) => row.id));
  return rows.map((row) => toStoreView(row, usage.get(row.id)!, secretFieldsOf(row)));
}
