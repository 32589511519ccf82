import { planZoneCapacityInput, planZoneCapacity } from '@stowage/services';
import { router, viewerProcedure } from '../trpc';

export const plannerRouter = router({
  /** The capacity planner for a zone and window: the exact LRU curve, the sentences' figures, the policy replay. */
  curve: viewerProcedure.input(planZoneCapacityInput).query(({ ctx, input }) => planZoneCapacity(ctx, input)),
});
