import { getOverview, listEvents, listEventsInput, loadDemo } from '@stowage/services';
import { adminProcedure, viewerProcedure, router } from '../trpc';

export const overviewRouter = router({
  get: viewerProcedure.query(({ ctx }) => getOverview(ctx)),
  loadDemo: adminProcedure.mutation(({ ctx }) => loadDemo(ctx, { dataDir: ctx.dataDir })),
  events: viewerProcedure.input(listEventsInput).query(({ ctx, input }) => listEvents(ctx, input)),
});
