import type { z } from 'zod';
import type { ServiceContext } from '../context';
import { recordEvent } from '../events/record-event';
import { storeCredential } from './create-user';
import { deleteSessionsOf, findUser } from './end-user-sessions';
import { generateOneTimePassword, hashPassword } from './password';
import { clearAccountLock } from './sign-in-throttle';
import { userIdInput } from './user-inputs';

/**
 * A new one-time password (returned once, never stored in clear), to be changed at the next sign-in; the
 * user's sessions end and a lockout on the account is lifted.
 */
export async function resetUserPassword(ctx: ServiceContext, input: z.input<typeof userIdInput>): Promise<{ oneTimePassword: string }> {
  const { userId } = userIdInput.parse(input);
  const oneTimePassword = generateOneTimePassword();
  const passwordHash = await hashPassword(oneTimePassword);
  await ctx.db.$transaction(async (tx) => {
    const user = await findUser(tx, userId);
    await storeCredential(tx, userId, passwordHash);
    await tx.user.update({ where: { id: userId }, data: { mustChangePassword: true } });
    await deleteSessionsOf(tx, userId);
    await clearAccountLock(tx, user.username ?? '');
    await recordEvent(tx, { actor: ctx.actor, type: 'user.password_reset', message: `Password of ${user.name} reset to a one-time password; their sessions ended` });
  });
  return { oneTimePassword };
}
