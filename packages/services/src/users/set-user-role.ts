import { ROLE_LABELS } from '@stowage/core';
import type { z } from 'zod';
import type { ServiceContext } from '../context';
import { recordEvent } from '../events/record-event';
import { deleteSessionsOf, findUser } from './end-user-sessions';
import { keepAnAdmin } from './last-admin';
import { setUserRoleInput } from './user-inputs';

/** A new role takes effect at once: the user's sessions end, so no page keeps showing what the old role allowed. */
export async function setUserRole(ctx: ServiceContext, input: z.input<typeof setUserRoleInput>): Promise<void> {
  const { userId, role } = setUserRoleInput.parse(input);
  await ctx.db.$transaction(async (tx) => {
    const user = await findUser(tx, userId);
    if (user.role === role) return;
    if (user.role === 'admin') await keepAnAdmin(tx, userId, `change the role of ${user.name}`);
    await tx.user.update({ where: { id: userId }, data: { role } });
    await deleteSessionsOf(tx, userId);
    await recordEvent(tx, { actor: ctx.actor, type: 'user.role_changed', message: `${user.name} is now ${ROLE_LABELS[role]} (was ${user.role}); their sessions ended` });
  });
}
