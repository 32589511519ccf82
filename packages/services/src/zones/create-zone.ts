import { z } from 'zod';
import { errors, nameKey, resourceName, ZONE_MODES } from '@stowage/core';
import type { Db, Prisma } from '@stowage/db';
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

/** The conflict for `name`, quoting the zone that holds it as that zone spells it. */
export async function zoneNameTaken(db: Db | Prisma.TransactionClient, name: string) {
  const holder = await db.zone.findUnique({ where: { nameKey: nameKey(name) }, select: { name: true } });
  return errors.conflict(`A zone named "${holder?.name ?? name}" already exists.`, { name: ['This name is already taken'] });
}

export async function createZone(ctx: ServiceContext, input: CreateZoneInput): Promise<ZoneView> {
  const { name, mode } = createZoneInput.parse(input);
  try {
    return await ctx.db.$transaction(async (tx) => {
      const row = await tx.zone.create({ data: { name, nameKey: nameKey(name), mode }, select: zoneSelect });
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
    if (isUniqueViolation(error)) throw await zoneNameTaken(ctx.db, name);
    throw error;
  }
}
