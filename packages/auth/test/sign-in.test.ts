import { afterEach, describe, expect, it } from 'vitest';
import { resolveSession } from '../src';
import { authHarness, PASSWORD } from './support';

let harness: Awaited<ReturnType<typeof authHarness>>;
afterEach(async () => harness?.dispose());

describe('sign-in', () => {
  it('signs in by username with an HttpOnly SameSite=Lax cookie, never returning the session token', async () => {
    harness = await authHarness();
    await harness.addUser('Alice', 'operator');
    const response = await harness.signIn('alice', PASSWORD);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toEqual({ ok: true, mustChangePassword: false });
    const [cookie] = response.headers.getSetCookie();
    expect(cookie).toMatch(/^stowage\.session_token=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
    const token = cookie!.split(';')[0]!.split('=')[1]!.split('.')[0]!;
    expect(JSON.stringify(body)).not.toContain(token);

    const lookup = await resolveSession(harness.auth, harness.db, harness.settings, new Headers({ cookie: harness.cookieFrom(response) }));
    expect(lookup.principal).toMatchObject({ username: 'Alice', role: 'operator', mustChangePassword: false });
    const events = await harness.db.event.findMany({ where: { type: 'auth.sign_in' } });
    expect(events).toMatchObject([{ actor: 'Alice', outcome: 'success' }]);
  });

  it('refuses a wrong password with one message for unknown users and wrong passwords, and audits both', async () => {
    harness = await authHarness();
    await harness.addUser('bob', 'viewer');
    const wrong = await harness.signIn('bob', 'not the password at all');
    const unknown = await harness.signIn('nobody', PASSWORD);
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const message = async (response: Response) => ((await response.json()) as { error: { message: string } }).error.message;
    expect(await message(wrong)).toBe(await message(unknown));
    expect(wrong.headers.getSetCookie()).toEqual([]);
    const failures = await harness.db.event.findMany({ where: { type: 'auth.sign_in', outcome: 'failure' } });
    expect(failures.map((event) => event.actor).sort()).toEqual(['bob', 'nobody']);
    expect(JSON.stringify(failures)).not.toContain('not the password at all');
  });

  it('marks Secure cookies with a __Secure- name when served over HTTPS', async () => {
    harness = await authHarness({ publicUrl: 'https://stowage.example.test' });
    await harness.addUser('carol', 'admin');
    const response = await harness.signIn('carol', PASSWORD);
    expect(response.status).toBe(200);
    const [cookie] = response.headers.getSetCookie();
    expect(cookie).toMatch(/^__Secure-stowage\.session_token=/);
    expect(cookie).toMatch(/; Secure/i);
  });

  it('refuses a disabled account even with the right password', async () => {
    harness = await authHarness();
    const { user } = await harness.addUser('dave', 'viewer');
    await harness.db.user.update({ where: { id: user.id }, data: { disabled: true } });
    const response = await harness.signIn('dave', PASSWORD);
    expect(response.status).toBe(403);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(await harness.db.session.count()).toBe(0);
  });

  it('refuses a sign-in posted from another site', async () => {
    harness = await authHarness();
    await harness.addUser('erin', 'viewer');
    const response = await harness.signIn('erin', PASSWORD, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(response.status).toBe(403);
    expect(await harness.db.session.count()).toBe(0);
  });

  it('reaches nothing of Better Auth but sign-in and sign-out (no sign-up)', async () => {
    harness = await authHarness();
    const { handleAuthRequest } = await import('../src');
    const signUp = await handleAuthRequest(
      new Request(`${harness.base}/api/auth/sign-up/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', host: harness.host },
        body: JSON.stringify({ email: 'x@example.com', password: PASSWORD, name: 'x' }),
      }),
      harness,
    );
    expect(signUp.status).toBe(404);
    expect(await harness.db.user.count()).toBe(0);
  });
});
