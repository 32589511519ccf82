import { z } from 'zod';
import { countOf, entityId, errors } from '@stowage/core';
import type { ServiceContext } from '../context';
import { recordEvent } from '../events/record-event';
import { findStoreOrThrow } from './get-store';
import { openStoreBackend } from './open-store-backend';
import { releaseStoreMarker } from './store-marker';
import { LIVE_REPLICA_STATES } from './store-usage';
import { markForReconcile } from '../replicas/mark-for-reconcile';

export const removeStoreInput = z.object({ storeId: entityId });
export type RemoveStoreInput = z.input<typeof removeStoreInput>;

/**
 * Removes a store that holds nothing. A store with replicas in any state but destroyed is refused: its
 * data has to be drained first, never dropped by editing rows. Its marker is deleted afterwards, best effort,
 * so the storage can be registered again; a store that is down is removed all the same.
 */
export async function removeStore(ctx: ServiceContext, input: RemoveStoreInput): Promise<void> {
  const { storeId } = removeStoreInput.parse(input);
  const store = await ctx.db.$transaction(async (tx) => {
    const store = await findStoreOrThrow(tx, storeId);
    const live = await tx.replica.count({ where: { storeId, state: { in: LIVE_REPLICA_STATES } } });
    if (live > 0) {
      throw errors.precondition(
        `Store ${store.name} still holds ${countOf(live, 'replica')}. Drain it before removing it.`,
      );
    }
    const destroyed = await tx.replica.findMany({ where: { storeId }, select: { id: true } });
    const replicaIds = destroyed.map((replica) => replica.id);
    await tx.lease.deleteMany({ where: { replicaId: { in: replicaIds } } });
    await tx.reservation.deleteMany({ where: { storeId } });
    await tx.replica.deleteMany({ where: { id: { in: replicaIds } } });
    await tx.store.delete({ where: { id: storeId } });
    await markForReconcile(tx);
    await recordEvent(tx, {
      actor: ctx.actor,
      type: 'store.removed',
      message: `Store ${store.name} removed`,
      zoneId: store.zoneId,
    });
    return store;
  });
  let backend;
  try {
    backend = openStoreBackend(ctx, store).backend;
  } catch {
    return;
  }
  await releaseStoreMarker(ctx, { backend, store, signal: AbortSignal.timeout(10_000) });
}
