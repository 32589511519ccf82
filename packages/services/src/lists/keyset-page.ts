import { encodeCursor, type KeysetPosition, type SortValue } from './keyset-cursor';
import type { ListPage, PageDirection, SortOrder } from './list-input';

/**
 * The order a query reads rows in for one page: the list's order, or its reverse when paging back
 * (the rows are reversed again before they are shown).
 */
export function readOrder(order: SortOrder, direction: PageDirection): SortOrder {
  return direction === 'prev' ? (order === 'asc' ? 'desc' : 'asc') : order;
}

/**
 * Prisma `orderBy` for (field, id) in the read order. Nulls sort first in ascending order on both databases
 * (SQLite does by default; PostgreSQL is told), so a cursor compares the same everywhere.
 */
export function keysetOrderBy<F extends string>(field: F, order: SortOrder, options: { nullable?: boolean } = {}) {
  const fieldOrder = options.nullable ? { sort: order, nulls: order === 'asc' ? 'first' : 'last' } : order;
  return [{ [field]: fieldOrder }, { id: order }] as Array<Record<F | 'id', typeof fieldOrder>>;
}

/**
 * A Prisma `where` for the rows strictly beyond `position` in the read order (field, id). Written as a range on
 * the field first (`field ≥ v` and then `field > v or id > c`) so the database walks the (field, id) index from
 * the position. With a nullable field, nulls come first in ascending order.
 */
export function keysetBeyond(field: string, position: KeysetPosition, order: SortOrder, options: { nullable?: boolean } = {}): Record<string, unknown> {
  const [strict, loose] = order === 'asc' ? (['gt', 'gte'] as const) : (['lt', 'lte'] as const);
  const { value, id } = position;
  if (!options.nullable) return { AND: [{ [field]: { [loose]: value } }, { OR: [{ [field]: { [strict]: value } }, { id: { [strict]: id } }] }] };
  if (value === null) {
    // Ascending: the other nulls after this id, then every non-null. Descending: nulls are last: only them.
    return order === 'asc' ? { OR: [{ AND: [{ [field]: null }, { id: { gt: id } }] }, { NOT: { [field]: null } }] } : { AND: [{ [field]: null }, { id: { lt: id } }] };
  }
  const beyondValue = { AND: [{ [field]: { [loose]: value } }, { OR: [{ [field]: { [strict]: value } }, { id: { [strict]: id } }] }] };
  return order === 'asc' ? beyondValue : { OR: [beyondValue, { [field]: null }] };
}

/**
 * The same comparison for raw SQL: a condition and its parameters, with `?` placeholders (SQLite) or `$n`
 * (PostgreSQL, numbered from `firstParam`). `column` and `idColumn` are trusted SQL (never user input).
 */
export function keysetBeyondSql(
  column: string,
  idColumn: string,
  position: KeysetPosition,
  order: SortOrder,
  options: { nullable?: boolean; placeholder: (index: number) => string; firstParam?: number },
): { sql: string; params: unknown[] } {
  const op = order === 'asc' ? '>' : '<';
  let n = options.firstParam ?? 1;
  const p = () => options.placeholder(n++);
  const { value, id } = position;
  if (!options.nullable || value !== null) {
    const sql = `(${column} ${op}= ${p()} AND (${column} ${op} ${p()} OR ${idColumn} ${op} ${p()}))`;
    const base = { sql, params: [value, value, id] };
    if (options.nullable && order === 'desc') return { sql: `(${base.sql} OR ${column} IS NULL)`, params: base.params };
    return base;
  }
  return order === 'asc'
    ? { sql: `((${column} IS NULL AND ${idColumn} > ${p()}) OR ${column} IS NOT NULL)`, params: [id] }
    : { sql: `(${column} IS NULL AND ${idColumn} < ${p()})`, params: [id] };
}

/**
 * A page from the rows a query read (up to limit + 1, in the read order): trims the extra row, puts the rows back
 * in the list's order when paging back, and writes the cursors. `first` is true when no cursor was given.
 *
 * Paging back from a cursor and finding fewer than a page means the first page is reached: the caller should
 * then read the first page instead (`reachedStart`), as the Events page does, so it is always whole.
 */
export function toKeysetPage<T>(
  rows: T[],
  options: { limit: number; direction: PageDirection; hadCursor: boolean; sort: string; sortValue: (row: T) => SortValue; id: (row: T) => string },
): ListPage<T> & { reachedStart: boolean } {
  const { limit, direction, hadCursor } = options;
  const more = rows.length > limit;
  const kept = rows.slice(0, limit);
  const cursorOf = (row: T) => encodeCursor({ sort: options.sort, value: options.sortValue(row), id: options.id(row) });
  if (direction === 'prev' && hadCursor) {
    const items = kept.reverse();
    if (!more) return { items, reachedStart: true };
    return { items, prevCursor: cursorOf(items[0]!), ...(items.length ? { nextCursor: cursorOf(items[items.length - 1]!) } : {}), reachedStart: false };
  }
  return {
    items: kept,
    ...(more ? { nextCursor: cursorOf(kept[kept.length - 1]!) } : {}),
    ...(hadCursor && kept.length ? { prevCursor: cursorOf(kept[0]!) } : {}),
    reachedStart: false,
  };
}
