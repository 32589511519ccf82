import { z } from 'zod';

export const LIST_LIMIT_MAX = 200;
export const LIST_LIMIT_DEFAULT = 50;

/** Which way a page goes from its cursor: `next` continues the order, `prev` goes back towards the first page. */
export const pageDirection = z.enum(['next', 'prev']);
export type PageDirection = z.infer<typeof pageDirection>;
export const sortOrder = z.enum(['asc', 'desc']);
export type SortOrder = z.infer<typeof sortOrder>;

/**
 * The paging part of a list's input: spread `.shape` into the list's own `z.object`, with its sorts.
 *
 *   const input = z.object({ kind: …, ...listInputShape(['created', 'name'], 'created', 'desc') })
 */
export function listInputShape<const S extends readonly [string, ...string[]]>(sorts: S, defaultSort: S[number], defaultOrder: SortOrder) {
  return {
    limit: z.number().int().min(1).max(LIST_LIMIT_MAX).default(LIST_LIMIT_DEFAULT),
    /** A page's `nextCursor` (with direction `next`) or `prevCursor` (with direction `prev`). */
    cursor: z.string().min(1).max(2000).optional(),
    direction: pageDirection.default('next'),
    sort: z.enum(sorts).default(defaultSort as S[number]),
    order: sortOrder.default(defaultOrder),
  };
}

/** A page of a keyset list. No total: counting every match does not scale; the page says whether more follow. */
export interface ListPage<T> {
  items: T[];
  /** Pass with direction `next` for the following page; absent on the last page. */
  nextCursor?: string;
  /** Pass with direction `prev` for the page before; absent on the first page. */
  prevCursor?: string;
}
