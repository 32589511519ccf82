import { getOverview, listEvents, listEventsInput, loadDemo } from '@stowage/services';
import { adminProcedure, viewerProcedure, router } from '../trpc';

export const overviewRouter = router({
  get: viewerProcedure.query(({ ctx }) => getOverview(ctx)),
  loadDemo: adminProcedure.mutation(({ ctx }) => loadDemo(ctx, { dataDir: ctx.dataDir })),
  /** The older name of event.list, answering `items` (the supervisor's product test reads it). */
  events: viewerProcedure.input(listEventsInput).query(async ({ ctx, input }) => {
    const { events, ...page } = await listEvents(ctx, input);
    return { items: events, ...page };
  }),
});
