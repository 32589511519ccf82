import { z } from 'zod';
import { entityId, nameKey, resourceName } from '@stowage/core';
import type { ServiceContext } from '../context';
import { recordEvent } from '../events/record-event';
import { isUniqueViolation } from '../prisma-errors';
import { zoneNameTaken } from './create-zone';
import { findZoneOrThrow } from './find-zone';
import { toZoneView, zoneSelect, type ZoneView } from './zone-view';

export const renameZoneInput = z.object({ zoneId: entityId, name: resourceName });
export type RenameZoneInput = z.input<typeof renameZoneInput>;

export async function renameZone(ctx: ServiceContext, input: RenameZoneInput): Promise<ZoneView> {
  const { zoneId, name } = renameZoneInput.parse(input);
  try {
    return await ctx.db.$transaction(async (tx) => {
      const before = await findZoneOrThrow(tx, zoneId);
      const row = await tx.zone.update({ where: { id: zoneId }, data: { name, nameKey: nameKey(name) }, select: zoneSelect });
      if (before.name !== name) {
        await recordEvent(tx, {
          actor: ctx.actor,
          type: 'zone.renamed',
          message: `Zone ${before.name} renamed to ${name}`,
          zoneId,
        });
      }
      return toZoneView(row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw await zoneNameTaken(ctx.db, name);
    throw error;
  }
}
