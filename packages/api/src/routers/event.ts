import { listEventFacets, listEvents, listEventsInput } from '@stowage/services';
import { router, viewerProcedure } from '../trpc';

/** The audit trail and system events (the Events page). */
export const eventRouter = router({
  list: viewerProcedure.input(listEventsInput).query(({ ctx, input }) => listEvents(ctx, input)),
  facets: viewerProcedure.query(({ ctx }) => listEventFacets(ctx)),
});
