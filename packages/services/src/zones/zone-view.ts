import type { ZoneMode } from '@stowage/core';
import type { Prisma } from '@stowage/db';

export const zoneSelect = {
  id: true,
  name: true,
  mode: true,
  createdAt: true,
  _count: { select: { stores: true } },
} satisfies Prisma.ZoneSelect;

type ZoneRow = Prisma.ZoneGetPayload<{ select: typeof zoneSelect }>;

export interface ZoneView {
  id: string;
  name: string;
  mode: ZoneMode;
  createdAt: Date;
  storeCount: number;
}

export function toZoneView(row: ZoneRow): ZoneView {
  return { id: row.id, name: row.name, mode: row.mode as ZoneMode, createdAt: row.createdAt, storeCount: row._count.stores };
}
