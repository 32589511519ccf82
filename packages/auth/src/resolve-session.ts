import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Role } from '@stowage/core';
import { sessionByToken, type Db } from '@stowage/db';
import { refreshIntervalS, servedOverHttps, type AuthSettings } from './auth-settings';
import type { Auth } from './create-auth';
import { hasSessionCookie, SESSION_COOKIE } from './session-cookie';

/** Who is signed in on a request. */
export interface SignedIn {
  userId: string;
  username: string;
  role: Role;
  mustChangePassword: boolean;
  sessionId: string;
}

export interface SessionLookup {
  principal: SignedIn | null;
  /** Set-Cookie headers to pass on to the browser (a session whose idle expiry was slid forward). */
  setCookies: string[];
}

const NOBODY: SessionLookup = { principal: null, setCookies: [] };

/**
 * The session token of the cookie, once its signature (HMAC-SHA256 with the auth secret, as Better Auth signs it:
 * `<token>.<base64 signature>`, URL-encoded) checks out; null for no cookie or a tampered one.
 */
export function verifiedSessionToken(cookieHeader: string | null, settings: Pick<AuthSettings, 'secret' | 'publicUrl'>): string | null {
  if (!cookieHeader) return null;
  const name = servedOverHttps(settings) ? `__Secure-${SESSION_COOKIE}` : SESSION_COOKIE;
  const entry = cookieHeader
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${name}=`));
  if (!entry) return null;
  let value: string;
  try {
    value = decodeURIComponent(entry.slice(name.length + 1));
  } catch {
    return null;
  }
  const dot = value.lastIndexOf('.');
  if (dot <= 0) return null;
  const token = value.slice(0, dot);
  const signature = Buffer.from(value.slice(dot + 1), 'base64');
  const expected = createHmac('sha256', settings.secret).update(token).digest();
  return signature.length === expected.length && timingSafeEqual(signature, expected) ? token : null;
}

/**
 * The signed-in person behind a request, checked against the database every time: a session that an admin
 * ended, of a disabled user, past its idle expiry or past its absolute lifetime finds nobody.
 *
 * The common case is one indexed query on the database's own driver after the cookie's signature is checked
 * (Better Auth's getSession costs several Prisma queries, milliseconds); a session due for its sliding refresh
 * (once per refresh interval) goes through Better Auth, which slides the expiry and writes the new cookie.
 */
export async function resolveSession(
  auth: Auth,
  db: Db,
  settings: Pick<AuthSettings, 'absoluteTimeoutS' | 'idleTimeoutS' | 'secret' | 'publicUrl'>,
  headers: Headers,
  now = new Date(),
): Promise<SessionLookup> {
  const cookieHeader = headers.get('cookie');
  if (!hasSessionCookie(cookieHeader)) return NOBODY;
  const token = verifiedSessionToken(cookieHeader, settings);
  if (!token) return NOBODY;
  const row = await sessionByToken(db, token);
  if (!row) return NOBODY;
  const expiresAt = row.expiresAt.getTime();
  if (!(expiresAt > now.getTime())) {
    await db.session.deleteMany({ where: { id: row.sessionId } });
    return NOBODY;
  }
  if (now.getTime() - row.createdAt.getTime() > settings.absoluteTimeoutS * 1000) {
    await db.session.deleteMany({ where: { id: row.sessionId } });
    return NOBODY;
  }
  if (row.disabled) return NOBODY;
  // Better Auth slides a session once it was last slid more than the refresh interval ago.
  const lastSlidAt = expiresAt - settings.idleTimeoutS * 1000;
  if (now.getTime() - lastSlidAt >= refreshIntervalS(settings) * 1000) return resolveThroughBetterAuth(auth, db, settings, headers, now);
  const principal: SignedIn = {
    userId: row.userId,
    username: row.displayUsername ?? row.name,
    role: row.role as Role,
    mustChangePassword: row.mustChangePassword,
    sessionId: row.sessionId,
  };
  return { principal, setCookies: [] };
}

/** What resolveSession did before its fast path, and still does to slide a session forward. */
async function resolveThroughBetterAuth(
  auth: Auth,
  db: Db,
  settings: Pick<AuthSettings, 'absoluteTimeoutS'>,
  headers: Headers,
  now: Date,
): Promise<SessionLookup> {
  const { headers: answer, response } = await auth.api.getSession({ headers, returnHeaders: true });
  if (!response) return NOBODY;
  const { session, user } = response;
  if (now.getTime() - session.createdAt.getTime() > settings.absoluteTimeoutS * 1000) {
    await db.session.deleteMany({ where: { id: session.id } });
    return NOBODY;
  }
  if (user.disabled) return NOBODY;
  const principal: SignedIn = {
    userId: user.id,
    username: (user as { displayUsername?: string | null }).displayUsername ?? user.name,
    role: user.role as Role,
    mustChangePassword: Boolean(user.mustChangePassword),
    sessionId: session.id,
  };
  return { principal, setCookies: answer.getSetCookie() };
}
