import { getIngestSettings, ingestSettingsInput, updateIngestSettings } from '@stowage/engine';
import { publicProcedure, router } from '../trpc';

export const settingsRouter = router({
  ingest: publicProcedure.query(({ ctx }) => getIngestSettings(ctx.db)),
  updateIngest: publicProcedure.input(ingestSettingsInput).mutation(({ ctx, input }) => updateIngestSettings(ctx, input)),
});
