import {
  describeProviders,
  getStore,
  getStoreInput,
  listStorePage,
  listStorePageInput,
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
import { adminProcedure, viewerProcedure, router } from '../trpc';

export const storeRouter = router({
  providers: viewerProcedure.query(() => describeProviders()),
  list: viewerProcedure.input(listStoresInput).query(({ ctx, input }) => listStores(ctx, input)),
  page: viewerProcedure.input(listStorePageInput).query(({ ctx, input }) => listStorePage(ctx, input)),
  byId: viewerProcedure.input(getStoreInput).query(({ ctx, input }) => getStore(ctx, input)),
  register: adminProcedure.input(registerStoreInput).mutation(({ ctx, input }) => registerStore(ctx, input)),
  update: adminProcedure.input(updateStoreInput).mutation(({ ctx, input }) => updateStore(ctx, input)),
  setAdminState: adminProcedure
    .input(setStoreAdminStateInput)
    .mutation(({ ctx, input }) => setStoreAdminState(ctx, input)),
  probe: adminProcedure.input(probeStoreInput).mutation(({ ctx, input }) => probeStore(ctx, input)),
  validate: adminProcedure.input(validateStoreInput).mutation(({ ctx, input }) => validateStore(ctx, input)),
  remove: adminProcedure.input(removeStoreInput).mutation(({ ctx, input }) => removeStore(ctx, input)),
});
