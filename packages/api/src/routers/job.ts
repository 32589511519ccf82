import { cancelJob, cancelJobInput, listFailures, listFailuresInput, listJobs, listJobsInput, retryJobs, retryJobsInput } from '@stowage/services';
import { operatorProcedure, viewerProcedure, router } from '../trpc';

export const jobRouter = router({
  list: viewerProcedure.input(listJobsInput.optional()).query(({ ctx, input }) => listJobs(ctx, input)),
  failures: viewerProcedure.input(listFailuresInput).query(({ ctx, input }) => listFailures(ctx, input)),
  retry: operatorProcedure.input(retryJobsInput).mutation(({ ctx, input }) => retryJobs(ctx, input)),
  cancel: operatorProcedure.input(cancelJobInput).mutation(({ ctx, input }) => cancelJob(ctx, input)),
});
