import { errors } from '@stowage/core';
import type { Db, Prisma } from '@stowage/db';

/** Refuses a change that would leave no enabled admin: nobody could manage users, stores or tokens any more. */
export async function keepAnAdmin(tx: Db | Prisma.TransactionClient, userId: string, what: string): Promise<void> {
  const others = await tx.user.count({ where: { role: 'admin', disabled: false, id: { not: userId } } });
  if (others === 0) throw errors.precondition(`Cannot ${what}: it is the only enabled admin. Make another user admin first.`);
}
