import { z } from 'zod';
import { entityId, errors } from '@stowage/core';
import type { Db, Prisma } from '@stowage/db';
import type { ServiceContext } from '../context';
import { storeUsage } from './store-usage';
import { secretFieldsOf, storeSelect, toStoreView, type StoreView } from './store-view';

export const getStoreInput = z.object({ storeId: entityId });

export async function findStoreOrThrow(tx: Db | Prisma.TransactionClient, storeId: string) {
  const row = await tx.store.findUnique({ where: { id: storeId }, select: storeSelect });
  if (!row) throw errors.notFound('Store', storeId);
  return row;
}

export async function getStore(
  ctx: Pick<ServiceContext, 'db'>,
  input: z.input<typeof getStoreInput>,
): Promise<StoreView> {
  const { storeId } = getStoreInput.parse(input);
  const row = await findStoreOrThrow(ctx.db, storeId);
  const usage = await storeUsage(ctx.db, [row.id]);
  return toStoreView(row, usage.get(row.id)!, secretFieldsOf(row));
}
