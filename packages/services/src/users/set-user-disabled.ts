import type { z } from 'zod';
import type { ServiceContext } from '../context';
import { recordEvent } from '../events/record-event';
import { deleteSessionsOf, findUser } from './end-user-sessions';
import { keepAnAdmin } from './last-admin';
import { setUserDisabledInput } from './user-inputs';

/** A disabled user cannot sign in and is signed out everywhere at once. */
export async function setUserDisabled(ctx: ServiceContext, input: z.input<typeof setUserDisabledInput>): Promise<void> {
  const { userId, disabled } = setUserDisabledInput.parse(input);
  await ctx.db.$transaction(async (tx) => {
    const user = await findUser(tx, userId);
    if (user.disabled === disabled) return;
    if (disabled && user.role === 'admin') await keepAnAdmin(tx, userId, `disable ${user.name}`);
    await tx.user.update({ where: { id: userId }, data: { disabled } });
    if (disabled) await deleteSessionsOf(tx, userId);
    await recordEvent(tx, {
      actor: ctx.actor,
      type: disabled ? 'user.disabled' : 'user.enabled',
      message: disabled ? `${user.name} disabled and signed out everywhere` : `${user.name} enabled`,
    });
  });
}
