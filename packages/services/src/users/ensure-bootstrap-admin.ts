import type { Db } from '@stowage/db';
import { createUser } from './create-user';

export const BOOTSTRAP_ADMIN = 'admin';

export interface BootstrapResult {
  /** False when the database already has users (nothing changed). */
  created: boolean;
  /** The one-time password to print once, when no password was given. */
  oneTimePassword: string | null;
}

/**
 * First run: when nobody can sign in yet, creates the admin "admin" — with `password` (chosen by whoever
 * deploys, e.g. from STOWAGE_ADMIN_PASSWORD: no forced change) or with a one-time password that must be
 * changed at first sign-in.
 */
export async function ensureBootstrapAdmin(db: Db, options: { password?: string | undefined }): Promise<BootstrapResult> {
  if ((await db.user.count()) > 0) return { created: false, oneTimePassword: null };
  const { oneTimePassword } = await createUser({ db, actor: 'system' }, { username: BOOTSTRAP_ADMIN, role: 'admin', ...(options.password ? { password: options.password } : {}) });
  return { created: true, oneTimePassword };
}
