import { z } from 'zod';
import { entityId, role } from '@stowage/core';
import { newPassword, typedPassword } from './password';

/** 2–32 characters: letters, digits, dot, dash, underscore, starting with a letter or digit; case-insensitive. */
export const username = z
  .string()
  .trim()
  .min(2, 'Use at least 2 characters')
  .max(32, 'Use at most 32 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'Use letters, digits, dots, dashes or underscores, starting with a letter or digit');

export const createUserInput = z.object({
  username,
  role,
  /** Omitted: a one-time password is generated, shown once and must be changed at first sign-in. */
  password: newPassword.optional(),
});

export const userIdInput = z.object({ userId: entityId });
export const setUserRoleInput = z.object({ userId: entityId, role });
export const setUserDisabledInput = z.object({ userId: entityId, disabled: z.boolean() });
export const changeOwnPasswordInput = z
  .object({ currentPassword: typedPassword, newPassword })
  .refine((input) => input.currentPassword !== input.newPassword, {
    path: ['newPassword'],
    message: 'Choose a password different from the current one',
  });

/** The placeholder address Better Auth requires of every user (Stowage signs in by username). */
export function placeholderEmail(name: string): string {
  return `${name.toLowerCase()}@users.stowage.invalid`;
}
