import { z } from 'zod';
import { entityId, ZONE_MODES } from '@stowage/core';
import type { ServiceContext } from '../context';
import { recordEvent } from '../events/record-event';
import { findZoneOrThrow } from './find-zone';
import { toZoneView, zoneSelect, type ZoneView } from './zone-view';
import { markForReconcile } from '../replicas/mark-for-reconcile';

export const setZoneModeInput = z.object({ zoneId: entityId, mode: z.enum(ZONE_MODES) });
export type SetZoneModeInput = z.input<typeof setZoneModeInput>;

export async function setZoneMode(ctx: ServiceContext, input: SetZoneModeInput): Promise<ZoneView> {
  const { zoneId, mode } = setZoneModeInput.parse(input);
  return ctx.db.$transaction(async (tx) => {
    const before = await findZoneOrThrow(tx, zoneId);
    const row = await tx.zone.update({ where: { id: zoneId }, data: { mode }, select: zoneSelect });
    if (before.mode !== mode) {
      await markForReconcile(tx);
      await recordEvent(tx, {
        actor: ctx.actor,
        type: 'zone.mode_changed',
        message: `Zone ${before.name} switched from ${before.mode} to ${mode} mode`,
        zoneId,
      });
    }
    return toZoneView(row);
  });
}
