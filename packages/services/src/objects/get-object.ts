import { z } from 'zod';
import { entityId, errors } from '@stowage/core';
import type { ServiceContext } from '../context';
import { jobViewSelect, toJobView, type JobView, type TransferProgress } from '../jobs/job-view';
import { loadColumns, progressByReplica, replicaRowSelect, summarize, toCellReplica, type ObjectStoreColumn, type ObjectSummary, type ZoneColumn } from './object-views';

export const getObjectInput = z.object({ objectId: entityId });

export interface ReplicaView {
  id: string;
  state: string;
  store: { id: string; name: string; role: string; provider: string; zoneName: string | null };
  location: string;
  verifiedSha256: string | null;
  error: string | null;
  readyAt: Date | null;
  lastAccessAt: Date | null;
  updatedAt: Date;
  progress: TransferProgress | null;
}

export interface ObjectDetail {
  object: ObjectSummary & { expectedSha256: string | null; chosenZoneIds: string[] };
  zones: ZoneColumn[];
  objectStores: ObjectStoreColumn[];
  replicas: ReplicaView[];
  jobs: JobView[];
  events: { id: string; at: Date; actor: string; type: string; severity: string; message: string }[];
}

/** One object: its state per zone, every replica, its jobs and its events. */
export async function getObject(ctx: ServiceContext, input: z.input<typeof getObjectInput>): Promise<ObjectDetail> {
  const { objectId } = getObjectInput.parse(input);
  const row = await ctx.db.dataObject.findUnique({
    where: { id: objectId },
    include: { placements: { select: { zoneId: true } }, replicas: { select: replicaRowSelect, orderBy: { createdAt: 'asc' } } },
  });
  if (!row) throw errors.notFound('Object', objectId);
  const [columns, jobs, events, progress] = await Promise.all([
    loadColumns(ctx.db),
    ctx.db.job.findMany({ where: { objectId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 100, select: jobViewSelect }),
    ctx.db.event.findMany({
      where: { objectId },
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      take: 100,
      select: { id: true, at: true, actor: true, type: true, severity: true, message: true },
    }),
    progressByReplica(ctx.db, row.replicas.filter((replica) => replica.state === 'copying').map((replica) => replica.id)),
  ]);
  const chosenZoneIds = row.placements.map((placement) => placement.zoneId);
  const cellReplicas = row.replicas.map((replica) => toCellReplica(replica, progress));
  const summary = summarize(row, cellReplicas, columns);
  return {
    object: { ...summary, expectedSha256: row.expectedSha256, chosenZoneIds },
    zones: columns.zones,
    objectStores: columns.objectStores,
    replicas: row.replicas.map((replica, index) => ({
      id: replica.id,
      state: replica.state,
      store: { id: replica.store.id, name: replica.store.name, role: replica.store.role, provider: replica.store.provider, zoneName: replica.store.zone?.name ?? null },
      location: replica.location,
      verifiedSha256: replica.verifiedSha256,
      error: replica.error,
      readyAt: replica.readyAt,
      lastAccessAt: replica.lastAccessAt,
      updatedAt: replica.updatedAt,
      progress: cellReplicas[index]!.progress,
    })),
    jobs: jobs.map(toJobView),
    events,
  };
}
