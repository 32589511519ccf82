import { errors } from '@stowage/core';
import type { Db, Prisma } from '@stowage/db';

export async function findZoneOrThrow(tx: Db | Prisma.TransactionClient, zoneId: string) {
  const zone = await tx.zone.findUnique({ where: { id: zoneId }, select: { id: true, name: true, mode: true } });
  if (!zone) throw errors.notFound('Zone', zoneId);
  return zone;
}
