import { z } from 'zod';
import { entityId, MAX_NAME_LENGTH, nameKey, PROVIDER_IDS, STORE_DISPLAY_STATES, STORE_ROLES } from '@stowage/core';
import type { Prisma } from '@stowage/db';
import type { ServiceContext } from '../context';
import { decodeCursor, keysetBeyond, keysetOrderBy, listInputShape, readOrder, toKeysetPage, type ListPage, type SortKeyKind } from '../lists';
import { storeStateWhere } from './store-state-filter';
import { storeUsage } from './store-usage';
import { secretFieldsOf, storeSelect, toStoreView, type StoreView } from './store-view';

export const STORE_SORTS = ['name', 'created'] as const;

export const listStorePageInput = z
  .object({
    zoneId: entityId.optional(),
    role: z.enum(STORE_ROLES).optional(),
    provider: z.enum(PROVIDER_IDS).optional(),
    /** The state a store's badge shows (storeDisplayState). */
    state: z.enum(STORE_DISPLAY_STATES).optional(),
    /** Part of the name, in any case. */
    name: z.string().trim().max(MAX_NAME_LENGTH, `A name filter is at most ${MAX_NAME_LENGTH} characters`).optional(),
    ...listInputShape(STORE_SORTS, 'name', 'asc'),
  })
  .strict()
  .prefault({});
export type ListStorePageInput = z.input<typeof listStorePageInput>;

export interface StorePage extends Omit<ListPage<StoreView>, 'items'> {
  stores: StoreView[];
}

const SORT_FIELDS = {
  name: { field: 'nameKey', kind: 'string' },
  created: { field: 'createdAt', kind: 'date' },
} as const satisfies Record<(typeof STORE_SORTS)[number], { field: string; kind: SortKeyKind }>;

const pageSelect = { ...storeSelect, nameKey: true } satisfies Prisma.StoreSelect;

/** One keyset page of stores, filtered by zone, role, provider, state and part of the name; usage for the page's stores only. */
export async function listStorePage(ctx: Pick<ServiceContext, 'db'>, input?: ListStorePageInput): Promise<StorePage> {
  const { limit, cursor, direction, sort, order, ...filters } = listStorePageInput.parse(input);
  const { field, kind } = SORT_FIELDS[sort];
  const and: Prisma.StoreWhereInput[] = [];
  if (filters.zoneId) and.push({ zoneId: filters.zoneId });
  if (filters.role) and.push({ role: filters.role });
  if (filters.provider) and.push({ provider: filters.provider });
  if (filters.state) and.push(storeStateWhere(filters.state));
  if (filters.name) and.push({ nameKey: { contains: nameKey(filters.name) } });
  const position = cursor ? decodeCursor(cursor, { sort, kind, what: 'stores' }) : null;

  const read = async (from: typeof position, dir: typeof direction) => {
    const readIn = readOrder(order, dir);
    const where: Prisma.StoreWhereInput = { AND: [...and, ...(from ? [keysetBeyond(field, from, readIn) as Prisma.StoreWhereInput] : [])] };
    const rows = await ctx.db.store.findMany({ where, orderBy: keysetOrderBy(field, readIn) as Prisma.StoreOrderByWithRelationInput[], take: limit + 1, select: pageSelect });
    return toKeysetPage(rows, { limit, direction: dir, hadCursor: from !== null, sort, sortValue: (row) => row[field], id: (row) => row.id });
  };
  const first = await read(position, direction);
  // Paging back past the start: show the whole first page instead.
  const page = first.reachedStart ? await read(null, 'next') : first;
  const usage = await storeUsage(ctx.db, page.items.map((row) => row.id));
  return {
    stores: page.items.map((row) => toStoreView(row, usage.get(row.id)!, secretFieldsOf(row))),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    ...(page.prevCursor ? { prevCursor: page.prevCursor } : {}),
  };
}
