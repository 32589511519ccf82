import { errors } from '@stowage/core';
import type { Db, Prisma } from '@stowage/db';
import type { ServiceContext } from '../context';
import { recordEvent } from '../events/record-event';
import { userIdInput } from './user-inputs';
import type { z } from 'zod';

/** Signs a user out everywhere: their next request finds no session (sessions are read from the database on every call). */
export async function deleteSessionsOf(tx: Db | Prisma.TransactionClient, userId: string, keepSessionId?: string): Promise<number> {
  const { count } = await tx.session.deleteMany({ where: { userId, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) } });
  return count;
}

export async function findUser(tx: Db | Prisma.TransactionClient, userId: string) {
  const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, username: true, displayUsername: true, role: true, disabled: true } });
  if (!user) throw errors.notFound('User', userId);
  return { ...user, name: user.displayUsername ?? user.username ?? user.id };
}

export async function endUserSessions(ctx: ServiceContext, input: z.input<typeof userIdInput>): Promise<{ ended: number }> {
  const { userId } = userIdInput.parse(input);
  return ctx.db.$transaction(async (tx) => {
    const user = await findUser(tx, userId);
    const ended = await deleteSessionsOf(tx, userId);
    await recordEvent(tx, { actor: ctx.actor, type: 'user.sessions_ended', message: `Signed ${user.name} out everywhere (${ended} session${ended === 1 ? '' : 's'})` });
    return { ended };
  });
}
