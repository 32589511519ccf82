import { z } from 'zod';
import { errors, resourceName, ZONE_MODES } from '@stowage/core';
import type { ServiceContext } from '../context';
import { recordEvent } from '../events/record-event';
import { isUniqueViolation } from '../prisma-errors';
import { toZoneView, zoneSelect, type ZoneView } from './zone-view';
import { markForReconcile } from '../replicas/mark-for-reconcile';

export const createZoneInput = z.object({
  name: resourceName,
  mode: z.enum(ZONE_MODES).default('backup'),
});
export type CreateZoneInput = z.input<typeof createZoneInput>;

export function zoneNameTaken(name: string) {
  return errors.conflict(`A zone named "${name}" already exists.`, { name: ['This name is already taken'] });
}

export async function createZone(ctx: ServiceContext, input: CreateZoneInput): Promise<ZoneView> {
  const { name, mode } = createZoneInput.parse(input);
  try {
    return await ctx.db.$transaction(async (tx) => {
      const row = await tx.zone.create({ data: { name, mode }, select: zoneSelect });
      await markForReconcile(tx);
      await recordEvent(tx, {
        actor: ctx.actor,
        type: 'zone.created',
        message: `Zone ${name} created in ${mode} mode`,
        zoneId: row.id,
      });
      return toZoneView(row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw zoneNameTaken(name);
    throw error;
  }
}
