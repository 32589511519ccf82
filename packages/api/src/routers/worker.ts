import { explainUnrunnableJobs, listWorkers, listWorkerStoreHealth } from '@stowage/services';
import { viewerProcedure, router } from '../trpc';

export const workerRouter = router({
  list: viewerProcedure.query(({ ctx }) => listWorkers(ctx)),
  storeHealth: viewerProcedure.query(({ ctx }) => listWorkerStoreHealth(ctx)),
  unrunnable: viewerProcedure.query(({ ctx }) => explainUnrunnableJobs(ctx)),
});
