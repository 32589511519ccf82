import type { ServiceContext } from '../context';

/** How many distinct values of each facet are returned at most. */
export const EVENT_FACET_LIMIT = 200;

export interface EventFacets {
  /** Distinct actors, alphabetical; `truncated` when there are more than returned. */
  actors: string[];
  /** Distinct event types, alphabetical. */
  types: string[];
  truncated: boolean;
}

/**
 * The distinct values of one Event column in order, at most `limit`: a loose index scan (each step one seek on the
 * column's (column, at) index for the next larger value), so the cost grows with the distinct values, not the events.
 * The same SQL on SQLite and PostgreSQL; neither plans a GROUP BY this way by itself.
 */
async function distinctValues(ctx: Pick<ServiceContext, 'db'>, column: 'actor' | 'type', limit: number): Promise<string[]> {
  const rows = await ctx.db.$queryRawUnsafe<{ value: string }[]>(
    `WITH RECURSIVE walk("value") AS (
       SELECT min("${column}") FROM "Event"
       UNION ALL
       SELECT (SELECT min("${column}") FROM "Event" WHERE "${column}" > walk."value") FROM walk WHERE walk."value" IS NOT NULL
     ) SELECT "value" FROM walk WHERE "value" IS NOT NULL LIMIT ${limit}`,
  );
  return rows.map((row) => row.value);
}

/** The actors and event types recorded so far, for the Events page's pickers. */
export async function listEventFacets(ctx: Pick<ServiceContext, 'db'>): Promise<EventFacets> {
  const [actors, types] = await Promise.all([distinctValues(ctx, 'actor', EVENT_FACET_LIMIT + 1), distinctValues(ctx, 'type', EVENT_FACET_LIMIT + 1)]);
  return {
    actors: actors.slice(0, EVENT_FACET_LIMIT),
    types: types.slice(0, EVENT_FACET_LIMIT),
    truncated: actors.length > EVENT_FACET_LIMIT || types.length > EVENT_FACET_LIMIT,
  };
}
