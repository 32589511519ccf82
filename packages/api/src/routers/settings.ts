import { getIngestSettings, ingestSettingsInput, updateIngestSettings } from '@stowage/engine';
import { accessHistorySettingsInput, getAccessHistorySettings, updateAccessHistorySettings } from '@stowage/services';
import { adminProcedure, viewerProcedure, router } from '../trpc';

export const settingsRouter = router({
  ingest: viewerProcedure.query(({ ctx }) => getIngestSettings(ctx.db)),
  updateIngest: adminProcedure.input(ingestSettingsInput).mutation(({ ctx, input }) => updateIngestSettings(ctx, input)),
  /** How much access history (the capacity planner's input) the janitor keeps: { retentionDays, maxRows }. */
  accessHistory: viewerProcedure.query(({ ctx }) => getAccessHistorySettings(ctx.db)),
  updateAccessHistory: adminProcedure.input(accessHistorySettingsInput).mutation(({ ctx, input }) => updateAccessHistorySettings(ctx, input)),
});
