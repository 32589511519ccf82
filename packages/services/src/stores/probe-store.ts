import { z } from 'zod';
import { entityId, isStowageError } from '@stowage/core';
import type { ServiceContext } from '../context';
import { recordEvent } from '../events/record-event';
import { findStoreOrThrow, getStore } from './get-store';
import { openStoreBackend } from './open-store-backend';
import { probeResultData } from './probe-result-data';
import { checkStoreMarker } from './store-marker';
import { storedLocation } from './stored-location';
import type { StoreView } from './store-view';

export const probeStoreInput = z.object({ storeId: entityId });

/**
 * Runs the provider's health probe and the marker check (a store whose storage holds another store's marker is
 * unhealthy), saves the outcome, and records an event when health changes.
 */
export async function probeStore(ctx: ServiceContext, input: z.input<typeof probeStoreInput>): Promise<StoreView> {
  const { storeId } = probeStoreInput.parse(input);
  const store = await findStoreOrThrow(ctx.db, storeId);
  let opened;
  try {
    opened = openStoreBackend(ctx, store);
  } catch {
    opened = null;
  }
  const signal = AbortSignal.timeout(15_000);
  let result = opened
    ? await opened.backend.probe({ signal })
    : { ok: false, latencyMs: 0, totalBytes: null, freeBytes: null, error: 'Stored configuration is no longer valid' };
  if (opened && result.ok) {
    const location = storedLocation(opened.provider, store.config) ?? '';
    const shared = await checkStoreMarker(ctx, { backend: opened.backend, store, location, signal });
    if (shared) result = { ...result, ok: false, error: shared };
  }

  await ctx.db.$transaction(async (tx) => {
    await tx.store.update({ where: { id: storeId }, data: probeResultData(result, new Date()) });
    if (store.lastProbeOk !== result.ok) {
      await recordEvent(tx, {
        actor: ctx.actor,
        type: result.ok ? 'store.up' : 'store.down',
        message: result.ok ? `Store ${store.name} is up` : `Store ${store.name} is down: ${result.error}`,
        severity: result.ok ? 'info' : 'error',
        storeId,
        zoneId: store.zoneId,
      });
    }
  });
  return getStore(ctx, { storeId });
}

/** Probes every store not in maintenance whose last probe is older than `maxAgeMs` (of `storeIds`, when given). */
export async function probeStaleStores(ctx: ServiceContext, options: { maxAgeMs: number; storeIds?: string[] }): Promise<number> {
  const cutoff = new Date(Date.now() - options.maxAgeMs);
  const stale = await ctx.db.store.findMany({
    where: {
      adminState: { not: 'maintenance' },
      OR: [{ lastProbeAt: null }, { lastProbeAt: { lt: cutoff } }],
      ...(options.storeIds ? { id: { in: options.storeIds } } : {}),
    },
    select: { id: true },
  });
  for (const store of stale) {
    try {
      await probeStore(ctx, { storeId: store.id });
    } catch (error) {
      // Removed since the list was read: nothing to probe. Anything else still ends the pass.
      if (!(isStowageError(error) && error.code === 'NOT_FOUND')) throw error;
    }
  }
  return stale.length;
}
