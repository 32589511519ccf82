import type { Db, Prisma } from '@stowage/db';
import { transferProgress, type TransferProgress } from '../jobs/job-view';
import { objectStoreCell, zoneCell, type CellReplica, type SyncCell } from './sync-cell';

export const replicaRowSelect = {
  id: true,
  objectId: true,
  state: true,
  error: true,
  bytesDone: true,
  bytesTotal: true,
  verifiedSha256: true,
  readyAt: true,
  lastAccessAt: true,
  location: true,
  updatedAt: true,
  store: { select: { id: true, name: true, role: true, zoneId: true, provider: true, zone: { select: { name: true } } } },
} satisfies Prisma.ReplicaSelect;

export type ReplicaRow = Prisma.ReplicaGetPayload<{ select: typeof replicaRowSelect }>;

export interface ZoneColumn {
  id: string;
  name: string;
  mode: string;
  hasRecordStore: boolean;
}

/** A region-wide object store, as a column of the objects table: each active one holds a copy. */
export interface ObjectStoreColumn {
  id: string;
  name: string;
  adminState: string;
}

export interface Columns {
  zones: ZoneColumn[];
  /** Oldest first; empty when the region has no object store (then no object has a backup). */
  objectStores: ObjectStoreColumn[];
}

export interface ObjectSummary {
  id: string;
  name: string;
  kind: string;
  format: string;
  sizeBytes: number | null;
  sha256: string | null;
  originType: string;
  originUrl: string | null;
  originZoneId: string | null;
  placement: string;
  createdAt: Date;
  deletedAt: Date | null;
  /**
   * ingesting | syncing | in_sync | failed (a copy failed, or waits for one that did) | no_backup (the region
   * has no object store) | incomplete (a zone it is placed in has no store to hold it) | deleting — a summary
   * of the cells, derived like them.
   */
  status: string;
  /** One cell per object store, by store id. */
  objectStores: Record<string, SyncCell>;
  zones: Record<string, SyncCell>;
}

export async function loadColumns(db: Db): Promise<Columns> {
  const [zones, objectStores] = await Promise.all([
    db.zone.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true, mode: true, stores: { where: { role: 'record' }, select: { id: true } } } }),
    db.store.findMany({ where: { role: 'object' }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: { id: true, name: true, adminState: true } }),
  ]);
  return {
    zones: zones.map((zone) => ({ id: zone.id, name: zone.name, mode: zone.mode, hasRecordStore: zone.stores.length > 0 })),
    objectStores,
  };
}

/** Live progress of copies under way, from their running jobs (rate and ETA of the current attempt). */
export async function progressByReplica(db: Db, replicaIds: string[]): Promise<Map<string, TransferProgress>> {
  if (replicaIds.length === 0) return new Map();
  const jobs = await db.job.findMany({
    where: { replicaId: { in: replicaIds }, state: 'running', kind: { in: ['ingest', 'backup', 'sync', 'stage'] } },
    select: { replicaId: true, bytesDone: true, bytesTotal: true, startedAt: true, heartbeatAt: true },
  });
  return new Map(jobs.map((job) => [job.replicaId!, transferProgress(job)]));
}

export function toCellReplica(row: ReplicaRow, progress: Map<string, TransferProgress>): CellReplica {
  return {
    id: row.id,
    state: row.state,
    error: row.error,
    store: { id: row.store.id, name: row.store.name, role: row.store.role, zoneId: row.store.zoneId },
    progress: progress.get(row.id) ?? (row.state === 'allocated' ? transferProgress({ ...row, startedAt: null, heartbeatAt: null }) : null),
  };
}

/** The object columns a summary is made of, as Prisma returns them (with the chosen zones). */
export type SummarizedRow = Pick<
  Prisma.DataObjectGetPayload<object>,
  'id' | 'name' | 'kind' | 'format' | 'sizeBytes' | 'sha256' | 'originType' | 'originUrl' | 'originZoneId' | 'placement' | 'createdAt' | 'deletedAt'
> & { placements: { zoneId: string }[] };

export function summarize(row: SummarizedRow, replicas: CellReplica[], columns: Columns): ObjectSummary {
  const object = {
    id: row.id,
    name: row.name,
    kind: row.kind,
    format: row.format,
    sizeBytes: row.sizeBytes === null ? null : Number(row.sizeBytes),
    sha256: row.sha256,
    originType: row.originType,
    originUrl: row.originUrl,
    originZoneId: row.originZoneId,
    placement: row.placement,
    createdAt: row.createdAt,
    deletedAt: row.deletedAt,
    chosenZoneIds: row.placements.map((placement) => placement.zoneId),
  };
  const placedZoneIds =
    object.placement === 'all_zones'
      ? new Set(columns.zones.map((zone) => zone.id))
      : new Set(object.placement === 'chosen_zones' ? object.chosenZoneIds : object.originZoneId ? [object.originZoneId] : []);
  const hasObjectStore = columns.objectStores.length > 0;
  const zones: Record<string, SyncCell> = {};
  for (const zone of columns.zones) zones[zone.id] = zoneCell({ zone, placed: placedZoneIds.has(zone.id), replicas, hasObjectStore });
  const objectStores: Record<string, SyncCell> = {};
  for (const store of columns.objectStores) objectStores[store.id] = objectStoreCell({ replicas, store });
  const { chosenZoneIds: _chosen, ...rest } = object;
  const status = statusOf(object, { objectStores: Object.values(objectStores), zones: Object.values(zones), hasObjectStore });
  return { ...rest, status, objectStores, zones };
}

function statusOf(
  object: { sha256: string | null; deletedAt: Date | null },
  cells: { objectStores: SyncCell[]; zones: SyncCell[]; hasObjectStore: boolean },
): string {
  const all = [...cells.objectStores, ...cells.zones];
  if (object.deletedAt) return 'deleting';
  if (all.some((cell) => cell.state === 'failed' || cell.state === 'blocked')) return 'failed';
  if (!object.sha256) return 'ingesting';
  if (all.some((cell) => ['allocated', 'copying', 'pending', 'destroying'].includes(cell.state))) return 'syncing';
  if (!cells.hasObjectStore) return 'no_backup';
  if (cells.zones.some((cell) => cell.state === 'no_store')) return 'incomplete';
  return 'in_sync';
}
