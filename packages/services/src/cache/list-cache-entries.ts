import { z } from 'zod';
import { entityId, errors, MAX_NAME_LENGTH, nameKey } from '@stowage/core';
import type { Prisma } from '@stowage/db';
import type { ServiceContext } from '../context';
import { decodeCursor, type SortKeyKind } from '../lists/keyset-cursor';
import { keysetBeyond, keysetOrderBy, readOrder, toKeysetPage } from '../lists/keyset-page';
import { listInputShape, type ListPage } from '../lists/list-input';
import { evictable, liveLease } from './lease-rules';

export const CACHE_ENTRY_SORTS = ['lastAccess', 'size'] as const;
/** The states an entry of a staging cache is in (a destroyed replica is no entry any more). */
export const CACHE_ENTRY_STATES = ['allocated', 'copying', 'ready', 'failed', 'destroying'] as const;

export const listCacheEntriesInput = z
  .object({
    zoneId: entityId,
    state: z.enum(CACHE_ENTRY_STATES).optional(),
    pinned: z.boolean().optional(),
    /** true: entries some host holds a live lease on; false: entries nobody holds. */
    leased: z.boolean().optional(),
    /** Part of the object's name, in any case. */
    name: z.string().trim().max(MAX_NAME_LENGTH).optional(),
    // Least recently used first: the order the janitor evicts in.
    ...listInputShape(CACHE_ENTRY_SORTS, 'lastAccess', 'asc'),
  })
  .strict();
export type ListCacheEntriesInput = z.input<typeof listCacheEntriesInput>;

export interface CacheEntryView {
  replicaId: string;
  objectId: string;
  objectName: string;
  state: string;
  sizeBytes: number;
  pinned: boolean;
  lastAccessAt: Date | null;
  readyAt: Date | null;
  /** `tokenName`: the agent token the lease was taken with (null: taken without one). */
  leases: { id: string; holder: string; tokenName: string | null; acquiredAt: Date; expiresAt: Date }[];
  /** 1 is the next entry evicted under pressure; null while it cannot be evicted (leased, pinned, not ready). */
  evictionRank: number | null;
  bytesDone: number;
}

export interface CacheEntryPage extends Omit<ListPage<CacheEntryView>, 'items'> {
  entries: CacheEntryView[];
}

const SORT_FIELDS = {
  lastAccess: { field: 'lastAccessAt', kind: 'date' },
  size: { field: 'bytesTotal', kind: 'bigint' },
} as const satisfies Record<(typeof CACHE_ENTRY_SORTS)[number], { field: string; kind: SortKeyKind }>;

/**
 * One keyset page of a zone's staging cache entries, least recently used first by default, with their live
 * leases and eviction rank; filters combine (and). An empty page when the zone has no staging store.
 */
export async function listCacheEntries(ctx: Pick<ServiceContext, 'db'>, input: ListCacheEntriesInput, options: { now?: Date } = {}): Promise<CacheEntryPage> {
  const { zoneId, limit, cursor, direction, sort, order, ...filters } = listCacheEntriesInput.parse(input);
  const now = options.now ?? new Date();
  const zone = await ctx.db.zone.findUnique({ where: { id: zoneId }, select: { id: true } });
  if (!zone) throw errors.notFound('Zone', zoneId);
  const store = await ctx.db.store.findFirst({ where: { role: 'staging', zoneId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: { id: true } });
  if (!store) return { entries: [] };

  const { field, kind } = SORT_FIELDS[sort];
  const and: Prisma.ReplicaWhereInput[] = [{ storeId: store.id, state: filters.state ?? { not: 'destroyed' } }];
  if (filters.pinned !== undefined) and.push({ pinned: filters.pinned });
  if (filters.leased !== undefined) and.push({ leases: filters.leased ? { some: liveLease(now) } : { none: liveLease(now) } });
  if (filters.name) and.push({ object: { nameKey: { contains: nameKey(filters.name) } } });
  const position = cursor ? decodeCursor(cursor, { sort, kind, nullable: true, what: 'cache entries' }) : null;

  const read = async (from: typeof position, dir: typeof direction) => {
    const beyond = from ? [keysetBeyond(field, from, readOrder(order, dir), { nullable: true }) as Prisma.ReplicaWhereInput] : [];
    const rows = await ctx.db.replica.findMany({
      where: { AND: [...and, ...beyond] },
      orderBy: keysetOrderBy(field, readOrder(order, dir), { nullable: true }) as Prisma.ReplicaOrderByWithRelationInput[],
      take: limit + 1,
      select: entrySelect(now),
    });
    return toKeysetPage(rows, { limit, direction: dir, hadCursor: from !== null, sort, sortValue: (row) => row[field], id: (row) => row.id });
  };
  const first = await read(position, direction);
  // Paging back past the start: show the whole first page instead.
  const page = first.reachedStart ? await read(null, 'next') : first;
  const ranks = await evictionRanks(ctx, store.id, page.items, now);
  return {
    entries: page.items.map((row) => toEntryView(row, ranks.get(row.id) ?? null)),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    ...(page.prevCursor ? { prevCursor: page.prevCursor } : {}),
  };
}

function entrySelect(now: Date) {
  return {
    id: true,
    objectId: true,
    state: true,
    pinned: true,
    lastAccessAt: true,
    readyAt: true,
    bytesTotal: true,
    bytesDone: true,
    object: { select: { name: true } },
    leases: { where: liveLease(now), select: { id: true, holder: true, tokenName: true, acquiredAt: true, expiresAt: true }, orderBy: { acquiredAt: 'asc' } },
  } satisfies Prisma.ReplicaSelect;
}

type EntryRow = Prisma.ReplicaGetPayload<{ select: ReturnType<typeof entrySelect> }>;

/**
 * Each evictable entry's place in the eviction order (least recently used first, never-used first, then id):
 * one plus the evictable entries before it. One bounded count per evictable entry of the page.
 */
async function evictionRanks(ctx: Pick<ServiceContext, 'db'>, storeId: string, rows: EntryRow[], now: Date): Promise<Map<string, number>> {
  const ranks = new Map<string, number>();
  for (const row of rows) {
    if (row.state !== 'ready' || row.pinned || row.leases.length > 0) continue;
    const before = keysetBeyond('lastAccessAt', { sort: 'lastAccess', value: row.lastAccessAt, id: row.id }, 'desc', { nullable: true }) as Prisma.ReplicaWhereInput;
    ranks.set(row.id, 1 + (await ctx.db.replica.count({ where: { AND: [evictable(storeId, now), before] } })));
  }
  return ranks;
}

function toEntryView(row: EntryRow, evictionRank: number | null): CacheEntryView {
  return {
    replicaId: row.id,
    objectId: row.objectId,
    objectName: row.object.name,
    state: row.state,
    sizeBytes: Number(row.bytesTotal ?? 0),
    pinned: row.pinned,
    lastAccessAt: row.lastAccessAt,
    readyAt: row.readyAt,
    leases: row.leases,
    evictionRank,
    bytesDone: Number(row.bytesDone),
  };
}
