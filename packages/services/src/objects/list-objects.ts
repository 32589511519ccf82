import { z } from 'zod';
import { entityId, errors, MAX_NAME_LENGTH, nameKey, OBJECT_KINDS } from '@stowage/core';
import type { Db, Prisma } from '@stowage/db';
import type { ServiceContext } from '../context';
import { keysetBeyond, keysetOrderBy, readOrder, toKeysetPage } from '../lists/keyset-page';
import { decodeCursor, type SortKeyKind, type SortValue } from '../lists/keyset-cursor';
import { listInputShape, type ListPage } from '../lists/list-input';
import { countReplicaStates, type ReplicaStateCounts, type StateCounts, type StoreStateCounts } from '../replicas/count-replica-states';
import { loadColumns, progressByReplica, replicaRowSelect, summarize, toCellReplica, type ObjectStoreColumn, type ObjectSummary, type ZoneColumn } from './object-views';

export const OBJECT_SORTS = ['created', 'name', 'size'] as const;
/** A zone's state of an object, as the filter asks for it (the cells show finer states). */
export const OBJECT_ZONE_STATES = ['missing', 'copying', 'failed', 'ready'] as const;
export type ObjectZoneState = (typeof OBJECT_ZONE_STATES)[number];

export const listObjectsInput = z
  .object({
    kind: z.enum(OBJECT_KINDS).optional(),
    /** Part of the name, in any case. */
    name: z.string().trim().max(MAX_NAME_LENGTH).optional(),
    zoneId: entityId.optional(),
    state: z.enum(OBJECT_ZONE_STATES).optional(),
    /** Only objects no zone holds a ready copy of. */
    notInSyncAnywhere: z.boolean().optional(),
    ...listInputShape(OBJECT_SORTS, 'created', 'desc'),
  })
  .refine((input) => !input.state || input.zoneId, { path: ['zoneId'], message: 'Choose the zone whose state to filter by' })
  .prefault({});
export type ListObjectsInput = z.input<typeof listObjectsInput>;

export interface ObjectList extends Omit<ListPage<ObjectSummary>, 'items'> {
  zones: ZoneColumn[];
  objectStores: ObjectStoreColumn[];
  /** The page. */
  objects: ObjectSummary[];
  /** Copies per state in each zone's record stores, from the counters (not from this page). */
  zoneCounts: Record<string, StateCounts>;
}

const SORT_FIELDS = {
  created: { field: 'createdAt', kind: 'date', nullable: false },
  name: { field: 'nameKey', kind: 'string', nullable: false },
  size: { field: 'sizeBytes', kind: 'bigint', nullable: true },
} as const satisfies Record<(typeof OBJECT_SORTS)[number], { field: string; kind: SortKeyKind; nullable: boolean }>;

const LIVE_STATES = ['allocated', 'copying', 'ready', 'failed'];
const STATE_FILTER: Record<Exclude<ObjectZoneState, 'missing'>, string[]> = { copying: ['allocated', 'copying'], failed: ['failed'], ready: ['ready'] };

export interface ListObjectsTuning {
  /**
   * Up to this many replicas in the asked state on the zone's stores (the counters say how many), the page is read
   * from those replicas' objects, which the Replica index finds at once; above it, objects are walked in the sort's
   * order and each is tested, which finds a page quickly because most objects match.
   */
  readByReplicasUpTo: number;
}

const DEFAULT_TUNING: ListObjectsTuning = { readByReplicasUpTo: 5000 };

/** The stores a zone keeps its copies on: the record stores of a backup zone, the staging cache of a staging zone. */
async function zoneFilter(db: Db, zoneId: string, state: ObjectZoneState, counts: ReplicaStateCounts, tuning: ListObjectsTuning): Promise<Prisma.DataObjectWhereInput> {
  const zone = await db.zone.findUnique({ where: { id: zoneId }, select: { mode: true, stores: { select: { id: true, role: true } } } });
  if (!zone) throw errors.notFound('Zone', zoneId);
  const storeIds = zone.stores.filter((store) => store.role === (zone.mode === 'staging' ? 'staging' : 'record')).map((store) => store.id);
  if (state !== 'missing') {
    const replicas: Prisma.ReplicaWhereInput = { storeId: { in: storeIds }, state: { in: STATE_FILTER[state] } };
    const inState = (store: StoreStateCounts) => STATE_FILTER[state].reduce((sum, one) => sum + (store.counts[one as keyof StateCounts] ?? 0), 0);
    const counted = counts.byStore.filter((store) => storeIds.includes(store.storeId)).reduce((sum, store) => sum + inState(store), 0);
    if (counted <= tuning.readByReplicasUpTo) {
      const rows = await db.replica.findMany({ where: replicas, select: { objectId: true }, take: tuning.readByReplicasUpTo + 1 });
      if (rows.length <= tuning.readByReplicasUpTo) return { id: { in: [...new Set(rows.map((row) => row.objectId))] } };
    }
    return { replicas: { some: replicas } };
  }
  const placed: Prisma.DataObjectWhereInput =
    zone.mode === 'staging'
      ? {}
      : { OR: [{ placement: 'all_zones' }, { placement: 'chosen_zones', placements: { some: { zoneId } } }, { placement: 'origin_only', originZoneId: zoneId }] };
  return { AND: [placed, { deletedAt: null }, { replicas: { none: { storeId: { in: storeIds }, state: { in: LIVE_STATES } } } }] };
}

/**
 * A page of objects with their state per zone and on each object store (derived from the replica rows, invariant
 * 6), filtered by kind, name, a zone's state or "no ready copy anywhere", in keyset pages of the chosen sort. No
 * total: the counts per state come from the counters the Replica triggers keep.
 */
export async function listObjects(ctx: ServiceContext, input?: ListObjectsInput, tuning: ListObjectsTuning = DEFAULT_TUNING): Promise<ObjectList> {
  const parsed = listObjectsInput.parse(input);
  // Read once: the page's counts, and the zone filter's choice of plan.
  const counting = countReplicaStates(ctx);
  // Refused input below must not leave its failure unheard; the page awaits it all the same.
  counting.catch(() => undefined);
  const sort = SORT_FIELDS[parsed.sort];
  const filters: Prisma.DataObjectWhereInput[] = [];
  if (parsed.kind) filters.push({ kind: parsed.kind });
  if (parsed.name) filters.push({ nameKey: { contains: nameKey(parsed.name) } });
  if (parsed.zoneId && parsed.state) filters.push(await zoneFilter(ctx.db, parsed.zoneId, parsed.state, await counting, tuning));
  if (parsed.notInSyncAnywhere) filters.push({ deletedAt: null, replicas: { none: { state: 'ready', store: { role: 'record' } } } });
  const position = parsed.cursor ? decodeCursor(parsed.cursor, { sort: parsed.sort, kind: sort.kind, nullable: sort.nullable, what: 'objects' }) : null;

  const readPage = async (from: typeof position, direction: 'next' | 'prev') => {
    const read = readOrder(parsed.order, direction);
    const where: Prisma.DataObjectWhereInput = { AND: [...filters, ...(from ? [keysetBeyond(sort.field, from, read, { nullable: sort.nullable })] : [])] };
    const rows = await ctx.db.dataObject.findMany({
      where,
      orderBy: keysetOrderBy(sort.field, read, { nullable: sort.nullable }) as Prisma.DataObjectOrderByWithRelationInput[],
      take: parsed.limit + 1,
      include: { placements: { select: { zoneId: true } }, replicas: { select: replicaRowSelect } },
    });
    return toKeysetPage(rows, {
      limit: parsed.limit,
      direction,
      hadCursor: from !== null,
      sort: parsed.sort,
      sortValue: (row) => (row as unknown as Record<string, SortValue>)[sort.field] ?? null,
      id: (row) => row.id,
    });
  };

  const [columns, counts, first] = await Promise.all([loadColumns(ctx.db), counting, readPage(position, parsed.direction)]);
  // Paging back past the first page's start: show the first page whole.
  const page = first.reachedStart ? await readPage(null, 'next') : first;
  const inFlight = page.items.flatMap((row) => row.replicas.filter((replica) => replica.state === 'copying').map((replica) => replica.id));
  const progress = await progressByReplica(ctx.db, inFlight);
  const objects = page.items.map((row) =>
    summarize(
      row,
      row.replicas.map((replica) => toCellReplica(replica, progress)),
      columns,
    ),
  );
  return {
    ...columns,
    objects,
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    ...(page.prevCursor ? { prevCursor: page.prevCursor } : {}),
    zoneCounts: Object.fromEntries(counts.byZone.map((zone) => [zone.zoneId, zone.counts])),
  };
}
