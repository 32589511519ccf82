import { randomUUID } from 'node:crypto';
import { errors } from '@stowage/core';
import type { Db, Prisma } from '@stowage/db';
import type { ServiceContext } from '../context';
import { recordEvent } from '../events/record-event';
import { isUniqueViolation } from '../prisma-errors';
import { generateOneTimePassword, hashPassword } from './password';
import { createUserInput, placeholderEmail } from './user-inputs';
import { toUserView, userSelect, type UserView } from './user-view';
import type { z } from 'zod';

export type CreateUserInput = z.input<typeof createUserInput>;

export interface CreatedUser {
  user: UserView;
  /** Set when no password was given: shown once to whoever created the user, never stored or logged. */
  oneTimePassword: string | null;
}

/** Writes the password Better Auth checks at sign-in: its "credential" account holds the hash. */
export async function storeCredential(tx: Db | Prisma.TransactionClient, userId: string, passwordHash: string): Promise<void> {
  const existing = await tx.account.findFirst({ where: { userId, providerId: 'credential' }, select: { id: true } });
  if (existing) await tx.account.update({ where: { id: existing.id }, data: { password: passwordHash } });
  else await tx.account.create({ data: { id: randomUUID(), accountId: userId, providerId: 'credential', userId, password: passwordHash } });
}

export async function createUser(ctx: Pick<ServiceContext, 'db' | 'actor'>, input: CreateUserInput): Promise<CreatedUser> {
  const { username, role, password } = createUserInput.parse(input);
  const oneTimePassword = password === undefined ? generateOneTimePassword() : null;
  const passwordHash = await hashPassword(password ?? oneTimePassword!);
  const id = randomUUID();
  try {
    const row = await ctx.db.$transaction(async (tx) => {
      const created = await tx.user.create({
        data: {
          id,
          name: username,
          email: placeholderEmail(username),
          username: username.toLowerCase(),
          displayUsername: username,
          role,
          mustChangePassword: oneTimePassword !== null,
          createdBy: ctx.actor,
        },
        select: userSelect,
      });
      await storeCredential(tx, id, passwordHash);
      await recordEvent(tx, { actor: ctx.actor, type: 'user.created', message: `User ${username} created with role ${role}` });
      return created;
    });
    return { user: toUserView(row), oneTimePassword };
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw errors.conflict(`A user named "${username}" already exists.`, { username: ['This username is already taken'] });
    }
    throw error;
  }
}
