import { errors } from '@stowage/core';
import type { StorageBackend } from '@stowage/providers';
import { openStoreBackend, type ServiceContext } from '@stowage/services';

export async function openStore(ctx: ServiceContext, storeId: string | null): Promise<{ backend: StorageBackend; name: string; role: string }> {
  if (!storeId) throw errors.precondition('The job names no store.');
  const store = await ctx.db.store.findUnique({ where: { id: storeId } });
  if (!store) throw errors.precondition('The store of this job was removed.');
  return { backend: openStoreBackend(ctx, store).backend, name: store.name, role: store.role };
}
