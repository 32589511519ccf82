import { z } from 'zod';
import { entityId, errors, ZONE_MODES } from '@stowage/core';
import type { ServiceContext } from '../context';
import { recordEvent } from '../events/record-event';
import { markForReconcile } from '../replicas/mark-for-reconcile';
import { planZoneModeChange } from './preview-zone-mode-change';
import { toZoneView, zoneSelect, type ZoneView } from './zone-view';

export const setZoneModeInput = z.object({
  zoneId: entityId,
  mode: z.enum(ZONE_MODES),
  fingerprint: z.string().regex(/^[0-9a-f]{32}$/, 'Review the switch first: its fingerprint is missing or malformed'),
});
export type SetZoneModeInput = z.input<typeof setZoneModeInput>;

export const STALE_PREVIEW_MESSAGE = 'The zone changed since you reviewed it — review again.';

/**
 * Switches a zone's mode as reviewed: the plan is recomputed in the transaction (`planZoneModeChange`, the same
 * decision the preview shows), refused when it is, and refused as stale when its fingerprint is not the one the
 * admin confirmed. The reconciler then makes and destroys the copies the plan named.
 */
export async function setZoneMode(ctx: ServiceContext, input: SetZoneModeInput): Promise<ZoneView> {
  const { zoneId, mode, fingerprint } = setZoneModeInput.parse(input);
  return ctx.db.$transaction(async (tx) => {
    const plan = await planZoneModeChange(tx, zoneId, mode);
    if (plan.verdict === 'refused') throw errors.precondition(plan.reasons.join(' '));
    if (plan.fingerprint !== fingerprint) throw errors.conflict(STALE_PREVIEW_MESSAGE);
    const row = await tx.zone.update({ where: { id: zoneId }, data: { mode }, select: zoneSelect });
    await markForReconcile(tx);
    await recordEvent(tx, {
      actor: ctx.actor,
      type: 'zone.mode_changed',
      message: `Zone ${plan.zoneName} switched from ${plan.from} to ${mode} mode`,
      zoneId,
      data: { effects: plan.effects, stores: plan.stores },
    });
    return toZoneView(row);
  });
}
