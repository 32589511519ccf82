import { countOf } from '@stowage/core';
import { openStoreBackend, recordEvent, type ServiceContext } from '@stowage/services';

/** Temp files untouched this long belong to a writer that died: an active writer keeps its file fresh. */
export const ABANDONED_AFTER_MS = 60 * 60_000;

/** Asks every store that can to remove what writers killed mid-write left behind, and records what went. */
export async function sweepAbandoned(ctx: ServiceContext, options: { olderThanMs?: number; signal?: AbortSignal } = {}) {
  const stores = await ctx.db.store.findMany({ where: { adminState: { not: 'maintenance' }, lastProbeOk: { not: false } } });
  let removed = 0;
  for (const store of stores) {
    const { backend } = openStoreBackend(ctx, store);
    if (!backend.sweepAbandoned) continue;
    const swept = await backend.sweepAbandoned({ olderThanMs: options.olderThanMs ?? ABANDONED_AFTER_MS, signal: options.signal });
    if (swept.removed === 0) continue;
    removed += swept.removed;
    await recordEvent(ctx.db, {
      actor: ctx.actor,
      type: 'store.swept',
      message: `Removed ${countOf(swept.removed, 'abandoned temp file')} (${swept.bytes} bytes) from ${store.name}`,
      storeId: store.id,
      zoneId: store.zoneId,
    });
  }
  return { removed };
}
