import { z } from 'zod';
import { entityId, errors } from '@stowage/core';
import type { Prisma } from '@stowage/db';
import type { ServiceContext } from '../context';

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
    limit: z.number().int().min(1).max(200).default(50),
    /** A page's `nextCursor` (older events) or `prevCursor` (newer events), with the matching direction. */
    cursor: z.string().max(200).optional(),
    direction: z.enum(['older', 'newer']).default('older'),
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
  /** Newest first. */
  events: EventView[];
  /** Pass with direction "older" for the next (older) page; absent on the oldest page. */
  nextCursor?: string;
  /** Pass with direction "newer" for the previous (newer) page; absent on the newest page. */
  prevCursor?: string;
}

interface Position {
  at: Date;
  id: string;
}

/** A position in the (at, id) order, opaque to clients: base64url of "<epoch ms>:<id>". */
export function encodeEventCursor(position: Position): string {
  return Buffer.from(`${position.at.getTime()}:${position.id}`, 'utf8').toString('base64url');
}

export function decodeEventCursor(cursor: string): Position {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^(\d{1,15}):(.+)$/.exec(text);
  const id = match ? entityId.safeParse(match[2]) : null;
  if (!match || !id?.success) throw errors.invalid('This page link is not valid: start from the newest events.', { cursor: ['Not a valid cursor'] });
  return { at: new Date(Number(match[1])), id: id.data };
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

/**
 * Strictly after (newer) or strictly before (older) a position in the (at, id) order. Written as a range on
 * `at` first, so SQLite walks the `at` index from the position instead of testing every row.
 */
function beyond(position: Position, direction: 'older' | 'newer'): Prisma.EventWhereInput {
  const [strict, loose] = direction === 'older' ? (['lt', 'lte'] as const) : (['gt', 'gte'] as const);
  return { AND: [{ at: { [loose]: position.at } }, { OR: [{ at: { [strict]: position.at } }, { id: { [strict]: position.id } }] }] };
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
 * The audit and system events, newest first, filtered, one page at a time. Keyset pagination on
 * (at, id): a page is found by where it starts, not by an offset, so events recorded meanwhile neither
 * shift nor repeat rows, and every page costs the same however deep it is.
 */
export async function listEvents(ctx: Pick<ServiceContext, 'db'>, input: ListEventsInput): Promise<EventPage> {
  const { actor, type, outcome, zoneId, storeId, objectId, jobId, from, to, limit, cursor, direction } = listEventsInput.parse(input);
  const filters: Prisma.EventWhereInput[] = [];
  if (actor) filters.push({ actor });
  if (type) filters.push(type.length === 1 ? typeCondition(type[0]!) : { OR: type.map(typeCondition) });
  if (outcome) filters.push({ outcome: { in: outcome } });
  if (zoneId) filters.push({ zoneId });
  if (storeId) filters.push({ storeId });
  if (objectId) filters.push({ objectId });
  if (jobId) filters.push({ jobId });
  if (from || to) filters.push({ at: { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) } });

  const position = cursor ? decodeEventCursor(cursor) : null;
  const page = (start: Position | null, towards: 'older' | 'newer') =>
    ctx.db.event.findMany({
      where: { AND: start ? [...filters, beyond(start, towards)] : filters },
      orderBy: towards === 'older' ? [{ at: 'desc' }, { id: 'desc' }] : [{ at: 'asc' }, { id: 'asc' }],
      take: limit + 1,
      select: eventSelect,
    });

  if (position && direction === 'newer') {
    const rows = await page(position, 'newer');
    // Fewer than a page newer than the cursor: that is the newest page, shown whole.
    if (rows.length > limit) {
      const items = rows.slice(0, limit).reverse();
      return { events: items.map(toEventView), nextCursor: encodeEventCursor(items[items.length - 1]!), prevCursor: encodeEventCursor(items[0]!) };
    }
    return listEvents(ctx, { ...input, cursor: undefined, direction: 'older' });
  }

  const rows = await page(position, 'older');
  const items = rows.slice(0, limit);
  return {
    events: items.map(toEventView),
    ...(rows.length > limit ? { nextCursor: encodeEventCursor(items[items.length - 1]!) } : {}),
    ...(position ? { prevCursor: encodeEventCursor(items[0] ?? position) } : {}),
  };
}
