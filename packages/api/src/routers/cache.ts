import {
  endLeaseByHand,
  evictEntryByHand,
  evictEntryInput,
  getCacheView,
  getCacheViewInput,
  listCacheZones,
  pinEntry,
  pinEntryInput,
  releaseInput,
  renewInput,
  renewLease,
} from '@stowage/services';
import { publicProcedure, router } from '../trpc';

export const cacheRouter = router({
  /** Zones with their mode and staging store, for choosing which cache to look at. */
  zones: publicProcedure.query(({ ctx }) => listCacheZones(ctx)),
  view: publicProcedure.input(getCacheViewInput).query(({ ctx, input }) => getCacheView(ctx, input)),
  pin: publicProcedure.input(pinEntryInput).mutation(({ ctx, input }) => pinEntry(ctx, input)),
  evict: publicProcedure.input(evictEntryInput).mutation(({ ctx, input }) => evictEntryByHand(ctx, input)),
  /** An admin ends a lease by hand (e.g. a host known to be gone). */
  releaseLease: publicProcedure.input(releaseInput).mutation(({ ctx, input }) => endLeaseByHand(ctx, input)),
  renewLease: publicProcedure.input(renewInput).mutation(({ ctx, input }) => renewLease(ctx, input)),
});

