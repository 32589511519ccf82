import { z } from 'zod';
import { entityId } from '@stowage/core';
import type { ServiceContext } from '../context';

export const listEventsInput = z.object({
  storeId: entityId.optional(),
  zoneId: entityId.optional(),
  limit: z.number().int().min(1).max(200).default(50),
  cursor: entityId.optional(),
});
export type ListEventsInput = z.input<typeof listEventsInput>;

export async function listEvents(ctx: Pick<ServiceContext, 'db'>, input: ListEventsInput) {
  const { storeId, zoneId, limit, cursor } = listEventsInput.parse(input);
  const rows = await ctx.db.event.findMany({
    where: { storeId, zoneId },
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    select: { id: true, at: true, actor: true, type: true, severity: true, message: true, zoneId: true, storeId: true },
  });
  const nextCursor = rows.length > limit ? rows[limit - 1]?.id : undefined;
  return { items: rows.slice(0, limit), nextCursor };
}
