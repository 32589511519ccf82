import type { Role } from '@stowage/core';
import type { Db } from '@stowage/db';
import type { AuthSettings } from './auth-settings';
import type { Auth } from './create-auth';
import { hasSessionCookie } from './session-cookie';

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
 * The signed-in person behind a request, checked against the database every time: a session that an admin
 * ended, of a disabled user, past its idle expiry or past its absolute lifetime finds nobody.
 */
export async function resolveSession(
  auth: Auth,
  db: Db,
  settings: Pick<AuthSettings, 'absoluteTimeoutS'>,
  headers: Headers,
  now = new Date(),
): Promise<SessionLookup> {
  if (!hasSessionCookie(headers.get('cookie'))) return NOBODY;
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
