import { z } from 'zod';
import { entityId, STORE_ADMIN_STATES } from '@stowage/core';
import type { ServiceContext } from '../context';
import { recordEvent } from '../events/record-event';
import { findStoreOrThrow, getStore } from './get-store';
import type { StoreView } from './store-view';
import { markForReconcile } from '../replicas/mark-for-reconcile';

export const setStoreAdminStateInput = z.object({ storeId: entityId, adminState: z.enum(STORE_ADMIN_STATES) });
export type SetStoreAdminStateInput = z.input<typeof setStoreAdminStateInput>;

const describe = { active: 'active', read_only: 'read-only', draining: 'draining', maintenance: 'in maintenance' } as const;

/**
 * read_only: no new bytes are written, reads go on. draining: the same, and the reconciler moves every copy
 * elsewhere so the store can be removed. maintenance: no reads or writes, and health probes pause.
 */
export async function setStoreAdminState(ctx: ServiceContext, input: SetStoreAdminStateInput): Promise<StoreView> {
  const { storeId, adminState } = setStoreAdminStateInput.parse(input);
  await ctx.db.$transaction(async (tx) => {
    const store = await findStoreOrThrow(tx, storeId);
    if (store.adminState === adminState) return;
    await tx.store.update({ where: { id: storeId }, data: { adminState } });
    await markForReconcile(tx);
    await recordEvent(tx, {
      actor: ctx.actor,
      type: 'store.admin_state_changed',
      message: `Store ${store.name} set ${describe[adminState]}`,
      severity: adminState === 'active' ? 'info' : 'warning',
      storeId,
      zoneId: store.zoneId,
    });
  });
  return getStore(ctx, { storeId });
}
