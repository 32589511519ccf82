import { z } from 'zod';
import { countOf, entityId, errors } from '@stowage/core';
import type { ServiceContext } from '../context';
import { recordEvent } from '../events/record-event';
import { findZoneOrThrow } from './find-zone';
import { markForReconcile } from '../replicas/mark-for-reconcile';

export const deleteZoneInput = z.object({ zoneId: entityId });
export type DeleteZoneInput = z.input<typeof deleteZoneInput>;

/** Deletes an empty zone. A zone with stores is refused: remove (drain) its stores first. */
export async function deleteZone(ctx: ServiceContext, input: DeleteZoneInput): Promise<void> {
  const { zoneId } = deleteZoneInput.parse(input);
  await ctx.db.$transaction(async (tx) => {
    const zone = await findZoneOrThrow(tx, zoneId);
    const stores = await tx.store.findMany({ where: { zoneId }, select: { name: true }, orderBy: { name: 'asc' } });
    if (stores.length > 0) {
      const names = stores.map((store) => store.name).join(', ');
      throw errors.precondition(
        `Zone ${zone.name} still has ${countOf(stores.length, 'store')} (${names}). Remove them first.`,
      );
    }
    await tx.zone.delete({ where: { id: zoneId } });
    await markForReconcile(tx);
    await recordEvent(tx, { actor: ctx.actor, type: 'zone.deleted', message: `Zone ${zone.name} deleted` });
  });
}
