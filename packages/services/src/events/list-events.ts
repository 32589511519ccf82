import { z } from 'zod';
import { entityId } from '@stowage/core';
import type { Prisma } from '@stowage/db';
import type { ServiceContext } from '../context';
import { decodeCursor, keysetBeyond, keysetOrderBy, listInputShape, readOrder, toKeysetPage } from '../lists';

export const EVENT_OUTCOMES = ['success', 'failure', 'denied'] as const;
export const eventOutcome = z.enum(EVENT_OUTCOMES);

/**
 * An event type to match: exact (`auth.sign_in`), or a prefix when it ends with "." or ".*"
 * (`auth.` and `auth.*` both match every `auth.…` type).
 */
export const eventTypePattern = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_.-]+(\.\*)?$/, 'Use an event type such as auth.sign_in, or a prefix such as auth.');

/** Events are read in time order, either way: the (at) index and every (subject, at) index serve it. */
export const EVENT_SORTS = ['at'] as const;

const oneOrMany = <T extends z.ZodType>(item: T, max: number) =>
  z.union([item, z.array(item).min(1).max(max)]).transform((value) => (Array.isArray(value) ? value : [value]) as z.output<T>[]);

export const listEventsInput = z
  .object({
    /** Who acted, exactly as recorded (a username, `anonymous`, `system`, an agent token's name…). */
    actor: z.string().trim().min(1).max(200).optional(),
    /** One type or prefix, or several (any of them matches). */
    type: oneOrMany(eventTypePattern, 20).optional(),
    /** One outcome, or several (any of them matches). */
    outcome: oneOrMany(eventOutcome, 3).optional(),
    zoneId: entityId.optional(),
    storeId: entityId.optional(),
    objectId: entityId.optional(),
    jobId: entityId.optional(),
    /** Events at or after this moment. */
    from: z.coerce.date().optional(),
    /** Events before this moment. */
    to: z.coerce.date().optional(),
    /** Newest first (`desc`, the default) or oldest first; a page's cursor goes `next` (on) or `prev` (back). */
    ...listInputShape(EVENT_SORTS, 'at', 'desc'),
  })
  .refine((input) => !input.from || !input.to || input.from < input.to, { path: ['to'], message: 'The end must be after the start' });
export type ListEventsInput = z.input<typeof listEventsInput>;

const eventSelect = {
  id: true,
  at: true,
  actor: true,
  type: true,
  severity: true,
  outcome: true,
  message: true,
  zoneId: true,
  storeId: true,
  objectId: true,
  jobId: true,
  zone: { select: { name: true } },
  store: { select: { name: true } },
  object: { select: { name: true } },
} satisfies Prisma.EventSelect;

type EventRow = Prisma.EventGetPayload<{ select: typeof eventSelect }>;

export interface EventView {
  id: string;
  at: Date;
  actor: string;
  type: string;
  severity: string;
  outcome: z.infer<typeof eventOutcome>;
  message: string;
  zoneId: string | null;
  storeId: string | null;
  objectId: string | null;
  jobId: string | null;
  /** Names for display; null when there is no subject of that kind (or it has since been deleted). */
  zoneName: string | null;
  storeName: string | null;
  objectName: string | null;
}

export interface EventPage {
  /** In the order asked for: newest first unless `order` is `asc`. */
  events: EventView[];
  /** Pass with direction `next` for the page after this one; absent on the last page. */
  nextCursor?: string;
  /** Pass with direction `prev` for the page before this one; absent on the first page. */
  prevCursor?: string;
}

/**
 * A prefix is matched as a range, `auth.` ≤ type < `auth/` ("/" is the character after "."): it uses the
 * (type, at) index, and "_" in it is not a LIKE wildcard (Prisma's startsWith does not escape it). The range
 * relies on byte-order comparison: SQLite's default (BINARY); on PostgreSQL, the column's "C" collation.
 */
function typeCondition(pattern: string): Prisma.EventWhereInput {
  const prefix = pattern.endsWith('.*') ? pattern.slice(0, -1) : pattern.endsWith('.') ? pattern : null;
  if (prefix === null) return { type: pattern };
  return { type: { gte: prefix, lt: `${prefix.slice(0, -1)}/` } };
}

function toEventView(row: EventRow): EventView {
  const { zone, store, object, outcome, ...rest } = row;
  return {
    ...rest,
    outcome: eventOutcome.catch('success').parse(outcome),
    zoneName: zone?.name ?? null,
    storeName: store?.name ?? null,
    objectName: object?.name ?? null,
  };
}

/**
 * The audit and system events, filtered, newest first (or oldest first), one page at a time. Keyset pagination
 * on (at, id): a page is found by where it starts, not by an offset, so events recorded meanwhile neither shift
 * nor repeat rows, and every page costs the same however deep it is. Paging back to fewer than a page from the
 * start answers the first page whole.
 */
export async function listEvents(ctx: Pick<ServiceContext, 'db'>, input: ListEventsInput): Promise<EventPage> {
  const { actor, type, outcome, zoneId, storeId, objectId, jobId, from, to, limit, cursor, direction, sort, order } = listEventsInput.parse(input);
  const filters: Prisma.EventWhereInput[] = [];
  if (actor) filters.push({ actor });
  if (type) filters.push(type.length === 1 ? typeCondition(type[0]!) : { OR: type.map(typeCondition) });
  if (outcome) filters.push({ outcome: { in: outcome } });
  if (zoneId) filters.push({ zoneId });
  if (storeId) filters.push({ storeId });
  if (objectId) filters.push({ objectId });
  if (jobId) filters.push({ jobId });
  if (from || to) filters.push({ at: { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) } });

  const position = cursor ? decodeCursor(cursor, { sort, kind: 'date', what: 'events' }) : null;
  const read = readOrder(order, direction);
  const rows = await ctx.db.event.findMany({
    where: { AND: position ? [...filters, keysetBeyond('at', position, read)] : filters },
    orderBy: keysetOrderBy('at', read) as Prisma.EventOrderByWithRelationInput[],
    take: limit + 1,
    select: eventSelect,
  });
  const page = toKeysetPage(rows, { limit, direction, hadCursor: position !== null, sort, sortValue: (row) => row.at, id: (row) => row.id });
  if (page.reachedStart) return listEvents(ctx, { ...input, cursor: undefined, direction: 'next' });
  return {
    events: page.items.map(toEventView),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    ...(page.prevCursor ? { prevCursor: page.prevCursor } : {}),
  };
}
