import { cancelJob, cancelJobInput, listFailures, listFailuresInput, listJobs, listJobsInput, retryJobs, retryJobsInput } from '@stowage/services';
import { publicProcedure, router } from '../trpc';

export const jobRouter = router({
  list: publicProcedure.input(listJobsInput).query(({ ctx, input }) => listJobs(ctx, input)),
  failures: publicProcedure.input(listFailuresInput).query(({ ctx, input }) => listFailures(ctx, input)),
  retry: publicProcedure.input(retryJobsInput).mutation(({ ctx, input }) => retryJobs(ctx, input)),
  cancel: publicProcedure.input(cancelJobInput).mutation(({ ctx, input }) => cancelJob(ctx, input)),
});
