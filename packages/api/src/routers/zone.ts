import {
  createZone,
  createZoneInput,
  deleteZone,
  deleteZoneInput,
  listZones,
  previewZoneModeChange,
  previewZoneModeChangeInput,
  renameZone,
  renameZoneInput,
  setZoneMode,
  setZoneModeInput,
} from '@stowage/services';
import { adminProcedure, viewerProcedure, router } from '../trpc';

export const zoneRouter = router({
  list: viewerProcedure.query(({ ctx }) => listZones(ctx)),
  create: adminProcedure.input(createZoneInput).mutation(({ ctx, input }) => createZone(ctx, input)),
  rename: adminProcedure.input(renameZoneInput).mutation(({ ctx, input }) => renameZone(ctx, input)),
  previewModeChange: viewerProcedure.input(previewZoneModeChangeInput).query(({ ctx, input }) => previewZoneModeChange(ctx, input)),
  setMode: adminProcedure.input(setZoneModeInput).mutation(({ ctx, input }) => setZoneMode(ctx, input)),
  delete: adminProcedure.input(deleteZoneInput).mutation(({ ctx, input }) => deleteZone(ctx, input)),
});
