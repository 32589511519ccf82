import { changeOwnPassword, changeOwnPasswordInput } from '@stowage/services';
import { router, signedInProcedure } from '../trpc';

/** The signed-in person's own account (reachable while a one-time password waits to be changed). */
export const accountRouter = router({
  me: signedInProcedure.query(({ ctx }) => ({
    username: ctx.principal.username,
    role: ctx.principal.role,
    mustChangePassword: ctx.principal.mustChangePassword,
  })),
  changePassword: signedInProcedure
    .input(changeOwnPasswordInput)
    .mutation(({ ctx, input }) => changeOwnPassword(ctx, input, { userId: ctx.principal.userId, sessionId: ctx.principal.sessionId })),
});
