import { z } from 'zod';
import { nameKey } from '@stowage/core';
import type { ServiceContext } from '../context';
import { loadColumns, progressByReplica, replicaRowSelect, summarize, toCellReplica, type ObjectStoreColumn, type ObjectSummary, type ZoneColumn } from './object-views';

export const listObjectsInput = z
  .object({
    search: z.string().trim().max(200).optional(),
    limit: z.number().int().min(1).max(1000).default(500),
  })
  .default({ limit: 500 });

export interface ObjectList {
  zones: ZoneColumn[];
  objectStores: ObjectStoreColumn[];
  objects: ObjectSummary[];
  total: number;
}

/** Every object with its state per zone and on each object store, derived from the replica rows. */
export async function listObjects(ctx: ServiceContext, input?: z.input<typeof listObjectsInput>): Promise<ObjectList> {
  const { search, limit } = listObjectsInput.parse(input);
  const where = search ? { nameKey: { contains: nameKey(search) } } : {};
  const [columns, rows, total] = await Promise.all([
    loadColumns(ctx.db),
    ctx.db.dataObject.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
      include: { placements: { select: { zoneId: true } }, replicas: { select: replicaRowSelect } },
    }),
    ctx.db.dataObject.count({ where }),
  ]);
  const inFlight = rows.flatMap((row) => row.replicas.filter((replica) => replica.state === 'copying').map((replica) => replica.id));
  const progress = await progressByReplica(ctx.db, inFlight);
  const objects = rows.map((row) =>
    summarize(
      row,
      row.replicas.map((replica) => toCellReplica(replica, progress)),
      columns,
    ),
  );
  return { ...columns, objects, total };
}
