import {
  endLeaseByHand,
  evictEntryByHand,
  evictEntryInput,
  getCacheView,
  getCacheViewInput,
  listCacheEntries,
  listCacheEntriesInput,
  listCacheZones,
  pinEntry,
  pinEntryInput,
  releaseInput,
  renewInput,
  renewLease,
} from '@stowage/services';
import { operatorProcedure, viewerProcedure, router } from '../trpc';

export const cacheRouter = router({
  /** Zones with their mode and staging store, for choosing which cache to look at. */
  zones: viewerProcedure.query(({ ctx }) => listCacheZones(ctx)),
  view: viewerProcedure.input(getCacheViewInput).query(({ ctx, input }) => getCacheView(ctx, input)),
  /** One keyset page of a zone's cache entries, sorted and filtered on the server. */
  entries: viewerProcedure.input(listCacheEntriesInput).query(({ ctx, input }) => listCacheEntries(ctx, input)),
  pin: operatorProcedure.input(pinEntryInput).mutation(({ ctx, input }) => pinEntry(ctx, input)),
  evict: operatorProcedure.input(evictEntryInput).mutation(({ ctx, input }) => evictEntryByHand(ctx, input)),
  /** An admin ends a lease by hand (e.g. a host known to be gone). */
  releaseLease: operatorProcedure.input(releaseInput).mutation(({ ctx, input }) => endLeaseByHand(ctx, input)),
  renewLease: operatorProcedure.input(renewInput).mutation(({ ctx, input }) => renewLease(ctx, input)),
});

