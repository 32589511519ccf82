import { errors } from '@stowage/core';
import type { z } from 'zod';
import type { ServiceContext } from '../context';
import { recordEvent } from '../events/record-event';
import { storeCredential } from './create-user';
import { deleteSessionsOf, findUser } from './end-user-sessions';
import { hashPassword, verifyPassword } from './password';
import { changeOwnPasswordInput } from './user-inputs';

export interface ChangeOwnPasswordOptions {
  userId: string;
  /** The session making the change stays signed in; every other session of the user ends. */
  sessionId: string;
}

export async function changeOwnPassword(
  ctx: ServiceContext,
  input: z.input<typeof changeOwnPasswordInput>,
  options: ChangeOwnPasswordOptions,
): Promise<void> {
  const { currentPassword, newPassword } = changeOwnPasswordInput.parse(input);
  const account = await ctx.db.account.findFirst({ where: { userId: options.userId, providerId: 'credential' }, select: { password: true } });
  if (!account?.password || !(await verifyPassword(account.password, currentPassword))) {
    await recordEvent(ctx.db, { actor: ctx.actor, type: 'user.password_change', outcome: 'failure', severity: 'warning', message: `${ctx.actor} typed a wrong current password when changing it` });
    throw errors.invalid('The current password is not right.', { currentPassword: ['Not the current password'] });
  }
  const passwordHash = await hashPassword(newPassword);
  await ctx.db.$transaction(async (tx) => {
    const user = await findUser(tx, options.userId);
    await storeCredential(tx, options.userId, passwordHash);
    await tx.user.update({ where: { id: options.userId }, data: { mustChangePassword: false } });
    const ended = await deleteSessionsOf(tx, options.userId, options.sessionId);
    await recordEvent(tx, { actor: ctx.actor, type: 'user.password_changed', message: `${user.name} changed their password${ended ? `; ${ended} other session${ended === 1 ? '' : 's'} ended` : ''}` });
  });
}
