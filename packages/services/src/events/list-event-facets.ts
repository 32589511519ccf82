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
 * The actors and event types recorded so far, for the Events page's pickers. Each is one GROUP BY over
 * its (column, at) index with a LIMIT, so the cost stays bounded however many events there are.
 */
export async function listEventFacets(ctx: Pick<ServiceContext, 'db'>): Promise<EventFacets> {
  const [actors, types] = await Promise.all([
    ctx.db.event.groupBy({ by: ['actor'], orderBy: { actor: 'asc' }, take: EVENT_FACET_LIMIT + 1 }),
    ctx.db.event.groupBy({ by: ['type'], orderBy: { type: 'asc' }, take: EVENT_FACET_LIMIT + 1 }),
  ]);
  return {
    actors: actors.slice(0, EVENT_FACET_LIMIT).map((row) => row.actor),
    types: types.slice(0, EVENT_FACET_LIMIT).map((row) => row.type),
    truncated: actors.length > EVENT_FACET_LIMIT || types.length > EVENT_FACET_LIMIT,
  };
}
