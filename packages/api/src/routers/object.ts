import { registerByUrlInput, registerObjectByUrl } from '@stowage/engine';
import {
  deleteObject,
  deleteObjectInput,
  getObject,
  getObjectInput,
  listObjects,
  listObjectsInput,
  retryJobs,
  retrySelectedObjects,
  retrySelectedObjectsInput,
  verifyObject,
  verifyObjectInput,
} from '@stowage/services';
import { operatorProcedure, viewerProcedure, router } from '../trpc';

export const objectRouter = router({
  list: viewerProcedure.input(listObjectsInput).query(({ ctx, input }) => listObjects(ctx, input)),
  byId: viewerProcedure.input(getObjectInput).query(({ ctx, input }) => getObject(ctx, input)),
  registerByUrl: operatorProcedure.input(registerByUrlInput).mutation(({ ctx, input }) => registerObjectByUrl(ctx, input)),
  delete: operatorProcedure.input(deleteObjectInput).mutation(({ ctx, input }) => deleteObject(ctx, input)),
  verify: operatorProcedure.input(verifyObjectInput).mutation(({ ctx, input }) => verifyObject(ctx, input)),
  retryFailed: operatorProcedure
    .input(getObjectInput)
    .mutation(({ ctx, input }) => retryJobs(ctx, { scope: 'object', objectId: input.objectId })),
  retrySelected: operatorProcedure.input(retrySelectedObjectsInput).mutation(({ ctx, input }) => retrySelectedObjects(ctx, input)),
});
