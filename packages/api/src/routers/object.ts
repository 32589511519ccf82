import { registerByUrlInput, registerObjectByUrl } from '@stowage/engine';
import {
  deleteObject,
  deleteObjectInput,
  getObject,
  getObjectInput,
  listObjects,
  listObjectsInput,
  retryJobs,
  verifyObject,
  verifyObjectInput,
} from '@stowage/services';
import { publicProcedure, router } from '../trpc';

export const objectRouter = router({
  list: publicProcedure.input(listObjectsInput).query(({ ctx, input }) => listObjects(ctx, input)),
  byId: publicProcedure.input(getObjectInput).query(({ ctx, input }) => getObject(ctx, input)),
  registerByUrl: publicProcedure.input(registerByUrlInput).mutation(({ ctx, input }) => registerObjectByUrl(ctx, input)),
  delete: publicProcedure.input(deleteObjectInput).mutation(({ ctx, input }) => deleteObject(ctx, input)),
  verify: publicProcedure.input(verifyObjectInput).mutation(({ ctx, input }) => verifyObject(ctx, input)),
  retryFailed: publicProcedure
    .input(getObjectInput)
    .mutation(({ ctx, input }) => retryJobs(ctx, { scope: 'object', objectId: input.objectId })),
});
