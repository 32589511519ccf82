import {
  describeProviders,
  getStore,
  getStoreInput,
  listStores,
  listStoresInput,
  probeStore,
  probeStoreInput,
  registerStore,
  registerStoreInput,
  removeStore,
  removeStoreInput,
  setStoreAdminState,
  setStoreAdminStateInput,
  updateStore,
  updateStoreInput,
  validateStore,
  validateStoreInput,
} from '@stowage/services';
import { publicProcedure, router } from '../trpc';

export const storeRouter = router({
  providers: publicProcedure.query(() => describeProviders()),
  list: publicProcedure.input(listStoresInput).query(({ ctx, input }) => listStores(ctx, input)),
  byId: publicProcedure.input(getStoreInput).query(({ ctx, input }) => getStore(ctx, input)),
  register: publicProcedure.input(registerStoreInput).mutation(({ ctx, input }) => registerStore(ctx, input)),
  update: publicProcedure.input(updateStoreInput).mutation(({ ctx, input }) => updateStore(ctx, input)),
  setAdminState: publicProcedure
    .input(setStoreAdminStateInput)
    .mutation(({ ctx, input }) => setStoreAdminState(ctx, input)),
  probe: publicProcedure.input(probeStoreInput).mutation(({ ctx, input }) => probeStore(ctx, input)),
  validate: publicProcedure.input(validateStoreInput).mutation(({ ctx, input }) => validateStore(ctx, input)),
  remove: publicProcedure.input(removeStoreInput).mutation(({ ctx, input }) => removeStore(ctx, input)),
});
