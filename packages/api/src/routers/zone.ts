import {
  createZone,
  createZoneInput,
  deleteZone,
  deleteZoneInput,
  listZones,
  renameZone,
  renameZoneInput,
  setZoneMode,
  setZoneModeInput,
} from '@stowage/services';
import { publicProcedure, router } from '../trpc';

export const zoneRouter = router({
  list: publicProcedure.query(({ ctx }) => listZones(ctx)),
  create: publicProcedure.input(createZoneInput).mutation(({ ctx, input }) => createZone(ctx, input)),
  rename: publicProcedure.input(renameZoneInput).mutation(({ ctx, input }) => renameZone(ctx, input)),
  setMode: publicProcedure.input(setZoneModeInput).mutation(({ ctx, input }) => setZoneMode(ctx, input)),
  delete: publicProcedure.input(deleteZoneInput).mutation(({ ctx, input }) => deleteZone(ctx, input)),
});
