import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { z } from 'zod';

/** OWASP's minimum for argon2id: 19 MiB, 2 iterations, parallelism 1 (algorithm 2 is argon2id). */
export const ARGON2ID = { algorithm: 2, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 128;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2ID);
}

/** False for a wrong password or a hash that is not argon2 (never throws on bad input). */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// zxcvbn-ts's list of the ~49k most common passwords, shipped with the product as a dependency.
const COMMON = new Set(dictionary['passwords-common'].map((word) => word.toLowerCase()));

/** A common password, or one padded with digits and punctuation ("monkey123456"), or one character repeated. */
export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return true;
  const stem = lower.replace(/[\d\W_]+$/u, '');
  if (stem.length >= 4 && COMMON.has(stem)) return true;
  return /^(.)\1*$/u.test(password);
}

/** A password someone chooses: 12–128 characters, not a common one. */
export const newPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `Use at most ${MAX_PASSWORD_LENGTH} characters`)
  .refine((password) => !isCommonPassword(password), 'This password is too common: choose another');

/** A password typed to sign in or confirm: bounded, so nothing huge reaches the hash. */
export const typedPassword = z.string().min(1, 'Enter the password').max(MAX_PASSWORD_LENGTH, 'Too long');

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** 20 characters from a 31-letter alphabet (~99 bits), in groups of five: easy to read out and type once. */
export function generateOneTimePassword(): string {
  const bytes = randomBytes(20);
  const letters = [...bytes].map((byte) => ALPHABET[byte % ALPHABET.length]);
  return [0, 5, 10, 15].map((at) => letters.slice(at, at + 5).join('')).join('-');
}
