import { getOverview, listEvents, listEventsInput, loadDemo } from '@stowage/services';
import { publicProcedure, router } from '../trpc';

export const overviewRouter = router({
  get: publicProcedure.query(({ ctx }) => getOverview(ctx)),
  loadDemo: publicProcedure.mutation(({ ctx }) => loadDemo(ctx, { dataDir: ctx.dataDir })),
  events: publicProcedure.input(listEventsInput).query(({ ctx, input }) => listEvents(ctx, input)),
});
