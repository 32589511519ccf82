import { z } from 'zod';
import { createTraceBuilder, entityId, errors, planCapacity, type LeaseInterval, type PlannerView } from '@stowage/core';
import { bytesToNumber } from '@stowage/db';
import type { ServiceContext } from '../context';
import { capacityOf } from '../cache/staging-space';
import { readAccessHistory } from './read-access-history';
import { DEFAULT_STAGING_POLICY, plannerWindowDays, stagingPolicyOf, targetHitRatioOf, targetPercent } from './planner-inputs';

const DAY_MS = 86_400_000;

export const planZoneCapacityInput = z.object({
  zoneId: entityId,
  windowDays: plannerWindowDays,
  targetPercent: targetPercent.optional(),
});

/**
 * The capacity planner for one zone over its last 1/7/30/90 days of recorded acquires: the exact LRU curve, the
 * figures a person acts on, and Stowage's policy replayed with the staging store's own settings, its pinned
 * entries and the leases as they were. A backup-mode zone is planned as if it were in staging mode (its acquires
 * are recorded too), with the default staging settings.
 */
export async function planZoneCapacity(ctx: Pick<ServiceContext, 'db'>, input: z.input<typeof planZoneCapacityInput>, now = new Date()): Promise<PlannerView> {
  const { zoneId, windowDays, targetPercent: target } = planZoneCapacityInput.parse(input);
  const zone = await ctx.db.zone.findUnique({ where: { id: zoneId }, select: { id: true, name: true, mode: true } });
  if (!zone) throw errors.notFound('Zone', zoneId);
  const to = now.getTime();
  const from = to - windowDays * DAY_MS;
  const store = await ctx.db.store.findFirst({ where: { role: 'staging', zoneId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });

  const builder = createTraceBuilder(4096);
  for await (const batch of readAccessHistory(ctx.db, { zoneId, from: new Date(from), to: new Date(to) })) {
    for (let i = 0; i < batch.length; i++) {
      // Rows of empty objects (recorded before they were left out) take no space: they are not cache accesses.
      if (batch.sizes[i]! > 0) builder.add(batch.times[i]!, batch.objectIds[i]!, batch.sizes[i]!, batch.hits[i]);
    }
  }

  const pinnedObjects = new Set<number>();
  const leases: LeaseInterval[] = [];
  let pinnedBytes = 0;
  if (store) {
    const pinned = await ctx.db.replica.findMany({ where: { storeId: store.id, pinned: true }, select: { objectId: true, bytesTotal: true } });
    for (const entry of pinned) {
      pinnedBytes += bytesToNumber(entry.bytesTotal) ?? 0;
      for (const id of builder.idsOf(entry.objectId)) pinnedObjects.add(id);
    }
    const held = await ctx.db.lease.findMany({
      where: { replica: { storeId: store.id }, acquiredAt: { lt: new Date(to) }, OR: [{ releasedAt: { gt: new Date(from) } }, { releasedAt: null, expiresAt: { gt: new Date(from) } }] },
      select: { acquiredAt: true, releasedAt: true, expiresAt: true, replica: { select: { objectId: true } } },
    });
    for (const lease of held) {
      const end = (lease.releasedAt ?? lease.expiresAt).getTime();
      for (const object of builder.idsOf(lease.replica.objectId)) leases.push({ object, from: lease.acquiredAt.getTime(), to: end });
    }
  }

  return planCapacity({
    trace: builder.build(),
    zone: { id: zone.id, name: zone.name, mode: zone.mode === 'staging' ? 'staging' : 'backup' },
    window: { from, to, days: windowDays },
    targetHitRatio: targetHitRatioOf(target),
    currentCapacityBytes: store ? capacityOf(store) : null,
    hitsAreTheCache: zone.mode === 'staging' && store !== null,
    pinnedBytes,
    pinnedObjects,
    leases,
    policy: store ? stagingPolicyOf(store) : DEFAULT_STAGING_POLICY,
  });
}
