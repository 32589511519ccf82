import {
  createUser,
  createUserInput,
  endUserSessions,
  listUsers,
  resetUserPassword,
  setUserDisabled,
  setUserDisabledInput,
  setUserRole,
  setUserRoleInput,
  userIdInput,
} from '@stowage/services';
import { adminProcedure, router } from '../trpc';

export const userRouter = router({
  list: adminProcedure.query(({ ctx }) => listUsers(ctx)),
  create: adminProcedure.input(createUserInput).mutation(({ ctx, input }) => createUser(ctx, input)),
  setRole: adminProcedure.input(setUserRoleInput).mutation(({ ctx, input }) => setUserRole(ctx, input)),
  setDisabled: adminProcedure.input(setUserDisabledInput).mutation(({ ctx, input }) => setUserDisabled(ctx, input)),
  resetPassword: adminProcedure.input(userIdInput).mutation(({ ctx, input }) => resetUserPassword(ctx, input)),
  endSessions: adminProcedure.input(userIdInput).mutation(({ ctx, input }) => endUserSessions(ctx, input)),
});
