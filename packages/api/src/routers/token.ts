import { createAgentToken, createAgentTokenInput, listAgentTokens, revokeAgentToken, revokeAgentTokenInput } from '@stowage/services';
import { adminProcedure, router } from '../trpc';

/** Agent tokens: admins only. `create` is the one answer that ever carries a token's secret. */
export const tokenRouter = router({
  list: adminProcedure.query(({ ctx }) => listAgentTokens(ctx)),
  create: adminProcedure.input(createAgentTokenInput).mutation(({ ctx, input }) => createAgentToken(ctx, input)),
  revoke: adminProcedure.input(revokeAgentTokenInput).mutation(({ ctx, input }) => revokeAgentToken(ctx, input)),
});
