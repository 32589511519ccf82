import { getIngestSettings, ingestSettingsInput, updateIngestSettings } from '@stowage/engine';
import { adminProcedure, viewerProcedure, router } from '../trpc';

export const settingsRouter = router({
  ingest: viewerProcedure.query(({ ctx }) => getIngestSettings(ctx.db)),
  updateIngest: adminProcedure.input(ingestSettingsInput).mutation(({ ctx, input }) => updateIngestSettings(ctx, input)),
});
