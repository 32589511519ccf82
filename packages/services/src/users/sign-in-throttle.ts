import type { Db, Prisma } from '@stowage/db';

type Tx = Db | Prisma.TransactionClient;

/**
 * Wrong passwords are counted per account and per client address in a sliding window; past a limit, sign-in
 * is refused (429 + Retry-After) until the lock ends, even with the right password. The account limit stops
 * guessing one password from many addresses; the address limit stops one address trying many accounts.
 * Counters live in the database, so every web replica sees them and a restart does not reset them.
 */
export const SIGN_IN_LIMITS = {
  account: { failures: 10, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
  address: { failures: 30, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
} as const;

type Scope = keyof typeof SIGN_IN_LIMITS;

const keyOf = (scope: Scope, value: string) => `${scope === 'account' ? 'user' : 'address'}:${value.toLowerCase()}`;

export interface SignInAttempt {
  username: string;
  /** The client address (null when unknown: then only the account is counted). */
  address: string | null;
}

export type SignInGate = { allowed: true } | { allowed: false; scope: Scope; retryAfterS: number; lockedUntil: Date };

function keysOf(attempt: SignInAttempt): { scope: Scope; key: string }[] {
  const keys: { scope: Scope; key: string }[] = [{ scope: 'account', key: keyOf('account', attempt.username) }];
  if (attempt.address) keys.push({ scope: 'address', key: keyOf('address', attempt.address) });
  return keys;
}

/** Whether a sign-in may even be tried now (checked before the password is). */
export async function checkSignInAllowed(db: Tx, attempt: SignInAttempt, now = new Date()): Promise<SignInGate> {
  const keys = keysOf(attempt);
  const rows = await db.signInThrottle.findMany({ where: { key: { in: keys.map(({ key }) => key) }, lockedUntil: { gt: now } } });
  const longest = rows.sort((a, b) => b.lockedUntil!.getTime() - a.lockedUntil!.getTime())[0];
  if (!longest) return { allowed: true };
  const scope = keys.find(({ key }) => key === longest.key)!.scope;
  return { allowed: false, scope, lockedUntil: longest.lockedUntil!, retryAfterS: Math.max(1, Math.ceil((longest.lockedUntil!.getTime() - now.getTime()) / 1000)) };
}

/** Counts a wrong password; answers which scopes this failure locked (for the audit trail). */
export async function recordSignInFailure(db: Db, attempt: SignInAttempt, now = new Date()): Promise<{ scope: Scope; lockedUntil: Date }[]> {
  return db.$transaction(async (tx) => {
    const locked: { scope: Scope; lockedUntil: Date }[] = [];
    for (const { scope, key } of keysOf(attempt)) {
      const limit = SIGN_IN_LIMITS[scope];
      const row = await tx.signInThrottle.findUnique({ where: { key } });
      const fresh = !row || now.getTime() - row.windowStartAt.getTime() > limit.windowMs;
      const failures = fresh ? 1 : row.failures + 1;
      const lockedUntil = failures >= limit.failures ? new Date(now.getTime() + limit.lockMs) : (row?.lockedUntil ?? null);
      if (failures >= limit.failures) locked.push({ scope, lockedUntil: lockedUntil! });
      await tx.signInThrottle.upsert({
        where: { key },
        create: { key, failures, windowStartAt: now, lockedUntil },
        update: { failures: failures >= limit.failures ? 0 : failures, windowStartAt: fresh || failures >= limit.failures ? now : row.windowStartAt, lockedUntil },
      });
    }
    return locked;
  });
}

/** A right password clears the account's count (not the address's: one valid account must not reset an attacker's address). */
export async function recordSignInSuccess(db: Tx, username: string): Promise<void> {
  await clearAccountLock(db, username);
}

export async function clearAccountLock(db: Tx, username: string): Promise<void> {
  await db.signInThrottle.deleteMany({ where: { key: keyOf('account', username) } });
}

/** Locked accounts (lower-case username → until when), for the Users page. */
export async function lockedAccounts(db: Tx, now = new Date()): Promise<Map<string, Date>> {
  const rows = await db.signInThrottle.findMany({ where: { key: { startsWith: 'user:' }, lockedUntil: { gt: now } } });
  return new Map(rows.map((row) => [row.key.slice('user:'.length), row.lockedUntil!]));
}
