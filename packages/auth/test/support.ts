import { createTestDb } from '@stowage/db/testing';
import { createUser } from '@stowage/services';
import type { Role } from '@stowage/core';
import { createAuth, deriveAuthSecret, handleAuthRequest, type AuthSettings } from '../src';

export const PASSWORD = 'correct horse battery staple';

export async function authHarness(overrides: Partial<AuthSettings> = {}) {
  const { db, dispose } = await createTestDb();
  const settings: AuthSettings = {
    publicUrl: undefined,
    secret: deriveAuthSecret(Buffer.alloc(32, 7)),
    idleTimeoutS: 3600,
    absoluteTimeoutS: 12 * 3600,
    ...overrides,
  };
  const auth = createAuth(db, settings);
  const base = settings.publicUrl ?? 'http://127.0.0.1:3000';
  const host = new URL(base).host;

  async function addUser(username: string, role: Role, password: string | undefined = PASSWORD) {
    return createUser({ db, actor: 'test' }, { username, role, ...(password ? { password } : {}) });
  }

  function signInRequest(username: string, password: string, headers: Record<string, string> = {}) {
    return new Request(`${base}/api/auth/sign-in/username`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', host, origin: new URL(base).origin, ...headers },
      body: JSON.stringify({ username, password }),
    });
  }

  async function signIn(username: string, password: string, headers: Record<string, string> = {}) {
    return handleAuthRequest(signInRequest(username, password, headers), { auth, db, settings });
  }

  /** The Cookie header a browser would send after this sign-in answer. */
  function cookieFrom(response: Response): string {
    return response.headers
      .getSetCookie()
      .map((cookie) => cookie.split(';')[0])
      .join('; ');
  }

  return { db, auth, settings, base, host, addUser, signIn, signInRequest, cookieFrom, dispose };
}
