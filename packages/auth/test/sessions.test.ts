/* Sessions as the server sees them: a cookie that was tampered with, forged, or outlived its session finds
 * nobody; idle and absolute expiry are enforced on the server; every sign-in is a new session; what an admin
 * does to a user (role, disable, password reset, end sessions) ends the user's sessions at once; a sliding
 * refresh sends a new cookie, and the tRPC route passes it on (packages/api/test/session-route.test.ts). */
import { createHmac, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createSecretBox, endUserSessions, resetUserPassword, setUserDisabled, setUserRole } from '@stowage/services';
import { deriveAuthSecret, handleAuthRequest, resolveSession, SESSION_COOKIE } from '../src';
import { authHarness, PASSWORD } from './support';

let harness: Awaited<ReturnType<typeof authHarness>>;
afterEach(async () => harness?.dispose());

/** The session cookie split as Better Auth writes it: `<token>.<base64 HMAC-SHA256 of the token>`, URL-encoded. */
function parts(cookieHeader: string): { name: string; token: string; signature: string } {
  const [name, raw] = cookieHeader.split(';')[0]!.split(/=(.*)/s) as [string, string];
  const value = decodeURIComponent(raw);
  const dot = value.lastIndexOf('.');
  return { name, token: value.slice(0, dot), signature: value.slice(dot + 1) };
}
const cookie = (name: string, token: string, signature: string) => `${name}=${encodeURIComponent(`${token}.${signature}`)}`;
const sign = (token: string, secret: string) => createHmac('sha256', secret).update(token).digest('base64');
/** One character changed, staying within the same alphabet (so the value still looks well-formed). */
const flip = (text: string, at: number) => {
  const i = ((at % text.length) + text.length) % text.length;
  const replacement = text[i] === 'A' ? 'B' : 'A';
  return text.slice(0, i) + replacement + text.slice(i + 1);
};

async function whoIs(cookieHeader: string) {
  return (await resolveSession(harness.auth, harness.db, harness.settings, new Headers({ cookie: cookieHeader }))).principal;
}

async function signedIn(username: string, role: 'viewer' | 'operator' | 'admin' = 'viewer') {
  const { user } = await harness.addUser(username, role);
  const response = await harness.signIn(username, PASSWORD);
  expect(response.status).toBe(200);
  return { user, cookie: harness.cookieFrom(response) };
}

const admin = () => ({ db: harness.db, secrets: createSecretBox(randomBytes(32)), actor: 'root-admin' });

describe('a tampered or forged cookie finds nobody', () => {
  it('the genuine cookie finds its user; a cookie re-signed with the right secret (our reading of the format) too', async () => {
    harness = await authHarness();
    const alice = await signedIn('alice');
    expect(await whoIs(alice.cookie)).toMatchObject({ username: 'alice' });
    const { name, token } = parts(alice.cookie);
    expect(name).toBe(SESSION_COOKIE);
    expect(await whoIs(cookie(name, token, sign(token, harness.settings.secret)))).toMatchObject({ username: 'alice' });
  });

  it('one byte flipped in the token, anywhere → nobody', async () => {
    harness = await authHarness();
    const alice = await signedIn('alice');
    const { name, token, signature } = parts(alice.cookie);
    for (const at of [0, 5, Math.floor(token.length / 2), -1]) {
      expect(await whoIs(cookie(name, flip(token, at), signature)), `flipped at ${at}`).toBeNull();
    }
  });

  it('one byte flipped in the signature, a truncated or missing signature → nobody', async () => {
    harness = await authHarness();
    const alice = await signedIn('alice');
    const { name, token, signature } = parts(alice.cookie);
    for (const forged of [flip(signature, 0), flip(signature, 10), signature.slice(0, -4), '']) {
      expect(await whoIs(cookie(name, token, forged))).toBeNull();
    }
    expect(await whoIs(`${name}=${encodeURIComponent(token)}`)).toBeNull();
  });

  it('the real token signed with another secret (another installation\'s, or a guessed one) → nobody', async () => {
    harness = await authHarness();
    const alice = await signedIn('alice');
    const { name, token } = parts(alice.cookie);
    for (const secret of [deriveAuthSecret(Buffer.alloc(32, 8)), '', 'better-auth-secret-123456789']) {
      expect(await whoIs(cookie(name, token, sign(token, secret)))).toBeNull();
    }
  });

  it("another user's token with my signature, and my token with theirs → nobody", async () => {
    harness = await authHarness();
    const alice = parts((await signedIn('alice', 'admin')).cookie);
    const bob = parts((await signedIn('bob')).cookie);
    expect(await whoIs(cookie(alice.name, bob.token, alice.signature))).toBeNull();
    expect(await whoIs(cookie(alice.name, alice.token, bob.signature))).toBeNull();
  });

  it('the cookie under another name (the __Secure- one over plain HTTP, a lookalike) → nobody', async () => {
    harness = await authHarness();
    const { token, signature } = parts((await signedIn('alice')).cookie);
    expect(await whoIs(cookie(`x${SESSION_COOKIE}`, token, signature))).toBeNull();
    expect(await whoIs(cookie('better-auth.session_token', token, signature))).toBeNull();
  });

  it('over HTTPS only the __Secure- cookie counts: the same value under the plain name finds nobody', async () => {
    harness = await authHarness({ publicUrl: 'https://stowage.example.test' });
    const alice = await signedIn('alice');
    const { name, token, signature } = parts(alice.cookie);
    expect(name).toBe(`__Secure-${SESSION_COOKIE}`);
    expect(await whoIs(alice.cookie)).toMatchObject({ username: 'alice' });
    expect(await whoIs(cookie(SESSION_COOKIE, token, signature))).toBeNull();
  });

  it('a cookie header with the session cookie among others, or garbage around it, still finds exactly its user', async () => {
    harness = await authHarness();
    const alice = await signedIn('alice');
    expect(await whoIs(`theme=dark; ${alice.cookie}; other=%E0%A4%A`)).toMatchObject({ username: 'alice' });
    expect(await whoIs(`${SESSION_COOKIE}=%E0%A4%A`)).toBeNull();
    expect(await whoIs(`${SESSION_COOKIE}=.`)).toBeNull();
    expect(await whoIs(`${SESSION_COOKIE}=${'a'.repeat(10_000)}.${'b'.repeat(44)}`)).toBeNull();
  });

  it('after sign-out the old cookie finds nobody, and its session row is gone', async () => {
    harness = await authHarness();
    const alice = await signedIn('alice');
    const signOut = await handleAuthRequest(
      new Request(`${harness.base}/api/auth/sign-out`, { method: 'POST', headers: { cookie: alice.cookie, host: harness.host, origin: harness.base } }),
      harness,
    );
    expect(signOut.status).toBe(200);
    // The browser is told to drop the session cookie (all of Better Auth's Set-Cookie headers reach it, not the last).
    expect(signOut.headers.getSetCookie()).toContain(`${SESSION_COOKIE}=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax`);
    expect(await whoIs(alice.cookie)).toBeNull();
    expect(await harness.db.session.count()).toBe(0);
    expect(await harness.db.event.count({ where: { type: 'auth.signed_out', actor: 'alice' } })).toBe(1);
  });
});

describe('expiry is enforced on the server', () => {
  it('idle: a session whose expiry passed finds nobody, whatever the cookie says', async () => {
    harness = await authHarness({ idleTimeoutS: 3600 });
    const alice = await signedIn('alice');
    await harness.db.session.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await whoIs(alice.cookie)).toBeNull();
  });

  it('idle: a session used within its idle time stays', async () => {
    harness = await authHarness({ idleTimeoutS: 3600 });
    const alice = await signedIn('alice');
    await harness.db.session.updateMany({ data: { expiresAt: new Date(Date.now() + 60_000) } });
    expect(await whoIs(alice.cookie)).toMatchObject({ username: 'alice' });
  });

  it('absolute: a session signed in longer ago than the lifetime finds nobody even though in use, and is deleted', async () => {
    harness = await authHarness({ idleTimeoutS: 3600, absoluteTimeoutS: 12 * 3600 });
    const alice = await signedIn('alice');
    await harness.db.session.updateMany({ data: { createdAt: new Date(Date.now() - 12 * 3600_000 - 1000), expiresAt: new Date(Date.now() + 3600_000) } });
    expect(await whoIs(alice.cookie)).toBeNull();
    expect(await harness.db.session.count()).toBe(0);
  });

  it('absolute: just inside the lifetime still finds the user', async () => {
    harness = await authHarness({ idleTimeoutS: 3600, absoluteTimeoutS: 12 * 3600 });
    const alice = await signedIn('alice');
    await harness.db.session.updateMany({ data: { createdAt: new Date(Date.now() - 12 * 3600_000 + 60_000) } });
    expect(await whoIs(alice.cookie)).toMatchObject({ username: 'alice' });
  });

  it('the sliding refresh never pushes a session past its absolute lifetime', async () => {
    harness = await authHarness({ idleTimeoutS: 3600, absoluteTimeoutS: 2 * 3600 });
    const alice = await signedIn('alice');
    // Used every 50 minutes (signed in 50, then 100 minutes ago, last slid 2 minutes ago): each use slides the
    // idle expiry, but 2 h after sign-in it is over.
    for (const minutes of [50, 100]) {
      await harness.db.session.updateMany({ data: { createdAt: new Date(Date.now() - minutes * 60_000), expiresAt: new Date(Date.now() + 3600_000 - 120_000) } });
      const lookup = await resolveSession(harness.auth, harness.db, harness.settings, new Headers({ cookie: alice.cookie }));
      expect(lookup.principal).not.toBeNull();
      expect(lookup.setCookies).not.toEqual([]);
    }
    await harness.db.session.updateMany({ data: { createdAt: new Date(Date.now() - 121 * 60_000) } });
    expect(await whoIs(alice.cookie)).toBeNull();
  });
});

describe('every sign-in is a new session', () => {
  it('two sign-ins give two different tokens and session ids, and signing in with a cookie does not keep it', async () => {
    harness = await authHarness();
    await harness.addUser('alice', 'viewer');
    const first = await harness.signIn('alice', PASSWORD);
    const firstCookie = harness.cookieFrom(first);
    const second = await harness.signIn('alice', PASSWORD, { cookie: firstCookie });
    const secondCookie = harness.cookieFrom(second);
    expect(parts(secondCookie).token).not.toBe(parts(firstCookie).token);
    const [a, b] = [await whoIs(firstCookie), await whoIs(secondCookie)];
    expect(a?.sessionId).toBeTruthy();
    expect(b?.sessionId).toBeTruthy();
    expect(a?.sessionId).not.toBe(b?.sessionId);
  });

  it('a cookie planted before sign-in (session fixation) is not what the sign-in answers', async () => {
    harness = await authHarness();
    await harness.addUser('alice', 'viewer');
    const planted = cookie(SESSION_COOKIE, 'attacker-chosen-token', sign('attacker-chosen-token', harness.settings.secret));
    const response = await harness.signIn('alice', PASSWORD, { cookie: planted });
    expect(parts(harness.cookieFrom(response)).token).not.toBe('attacker-chosen-token');
    expect(await whoIs(planted)).toBeNull();
  });
});

describe("an admin's change to a user ends the user's sessions at once", () => {
  it.each([
    ['a role change', (userId: string) => setUserRole(admin(), { userId, role: 'operator' })],
    ['disabling', (userId: string) => setUserDisabled(admin(), { userId, disabled: true })],
    ['a password reset', (userId: string) => resetUserPassword(admin(), { userId })],
    ['ending their sessions', (userId: string) => endUserSessions(admin(), { userId })],
  ] as const)('after %s the old cookie finds nobody; other users keep theirs', async (_what, change) => {
    harness = await authHarness();
    await signedIn('root-admin', 'admin');
    const alice = await signedIn('alice');
    const otherDevice = harness.cookieFrom(await harness.signIn('alice', PASSWORD));
    const bob = await signedIn('bob');
    expect(await whoIs(alice.cookie)).not.toBeNull();
    await change(alice.user.id);
    expect(await whoIs(alice.cookie)).toBeNull();
    expect(await whoIs(otherDevice)).toBeNull();
    expect(await whoIs(bob.cookie)).toMatchObject({ username: 'bob' });
  });

  it('a disabled user whose session row somehow survived still finds nobody', async () => {
    harness = await authHarness();
    const alice = await signedIn('alice');
    await harness.db.user.update({ where: { id: alice.user.id }, data: { disabled: true } });
    expect(await whoIs(alice.cookie)).toBeNull();
  });
});

describe('sliding refresh', () => {
  it('a session last slid more than the refresh interval ago gets a new expiry and a Set-Cookie', async () => {
    harness = await authHarness({ idleTimeoutS: 3600 });
    const alice = await signedIn('alice');
    // refreshIntervalS(3600) = 60 s: pretend the session was last slid 2 minutes ago.
    const before = new Date(Date.now() + 3600_000 - 120_000);
    await harness.db.session.updateMany({ data: { expiresAt: before } });
    const lookup = await resolveSession(harness.auth, harness.db, harness.settings, new Headers({ cookie: alice.cookie }));
    expect(lookup.principal).toMatchObject({ username: 'alice' });
    expect(lookup.setCookies.join()).toContain(`${SESSION_COOKIE}=`);
    expect(lookup.setCookies.join()).toMatch(/HttpOnly/i);
    const after = (await harness.db.session.findFirstOrThrow()).expiresAt;
    expect(after.getTime()).toBeGreaterThan(before.getTime() + 60_000);
  });

  it('a session slid moments ago is not written again and gets no Set-Cookie', async () => {
    harness = await authHarness({ idleTimeoutS: 3600 });
    const alice = await signedIn('alice');
    const lookup = await resolveSession(harness.auth, harness.db, harness.settings, new Headers({ cookie: alice.cookie }));
    expect(lookup.principal).not.toBeNull();
    expect(lookup.setCookies).toEqual([]);
  });
});
