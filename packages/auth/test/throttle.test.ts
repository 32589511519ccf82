/* Sign-in throttling: per account (many addresses guessing one password) and per client address (one address
 * trying many accounts), 429 + Retry-After while locked even for the right password, audited; the address is
 * only ever what the web server put in x-stowage-client-address (apps/web/server/client-address.mjs, tested
 * here too), never a forwarded header a client wrote; the lock ends with its window, and a password reset lifts
 * the account's. */
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { checkSignInAllowed, createSecretBox, recordSignInFailure, resetUserPassword, SIGN_IN_LIMITS } from '@stowage/services';
import { authHarness, PASSWORD } from './support';

let harness: Awaited<ReturnType<typeof authHarness>>;
afterEach(async () => harness?.dispose());

const ACCOUNT_LIMIT = SIGN_IN_LIMITS.account.failures;
const ADDRESS_LIMIT = SIGN_IN_LIMITS.address.failures;
const from = (address: string, extra: Record<string, string> = {}) => ({ 'x-stowage-client-address': address, ...extra });
const rotating = (i: number) => `198.51.100.${i + 1}`;

async function errorOf(response: Response) {
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}

describe('per account', () => {
  it('20 wrong passwords from 20 addresses: locked at the limit, 429 with Retry-After from then on, also for the right password', async () => {
    harness = await authHarness();
    await harness.addUser('alice', 'admin');
    const statuses: number[] = [];
    let firstLock: Response | undefined;
    for (let i = 0; i < 20; i++) {
      const response = await harness.signIn('alice', `hunter-guess-${i}`, from(rotating(i)));
      statuses.push(response.status);
      if (response.status === 429 && !firstLock) firstLock = response;
    }
    expect(statuses.indexOf(429) + 1).toBe(ACCOUNT_LIMIT);
    expect(statuses.slice(0, ACCOUNT_LIMIT - 1).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(ACCOUNT_LIMIT - 1).every((status) => status === 429)).toBe(true);
    const retryAfter = Number(firstLock!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(SIGN_IN_LIMITS.account.lockMs / 1000 - 5);
    expect(retryAfter).toBeLessThanOrEqual(SIGN_IN_LIMITS.account.lockMs / 1000);
    expect(await errorOf(firstLock!)).toMatchObject({ code: 'RATE_LIMITED', message: 'Too many failed sign-ins. Try again in 15 minutes.' });

    const right = await harness.signIn('alice', PASSWORD, from('203.0.113.9'));
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(right.headers.getSetCookie()).toEqual([]);
    expect(await harness.db.session.count()).toBe(0);

    const lockedOut = await harness.db.event.findMany({ where: { type: 'auth.locked_out' } });
    expect(lockedOut).toHaveLength(1);
    expect(lockedOut[0]).toMatchObject({ actor: 'alice', outcome: 'denied' });
    expect(lockedOut[0]!.message).toMatch(/^Account alice locked until .+ after too many wrong passwords$/);
    const refused = await harness.db.event.count({ where: { type: 'auth.sign_in', outcome: 'denied' } });
    expect(refused).toBe(20 - ACCOUNT_LIMIT + 1);
    expect(JSON.stringify(await harness.db.event.findMany())).not.toContain('hunter-guess');
  });

  it('the account is counted by name whatever its case, and unknown names are counted too', async () => {
    harness = await authHarness();
    for (let i = 0; i < ACCOUNT_LIMIT; i++) await harness.signIn(i % 2 ? 'Ghost' : 'ghost', 'nope nope nope', from(rotating(i)));
    expect((await harness.signIn('GHOST', 'nope nope nope', from('203.0.113.1'))).status).toBe(429);
  });

  it('the lock ends with its window: checkSignInAllowed at lockedUntil + 1 s allows, and so does a sign-in once the lock is past', async () => {
    harness = await authHarness();
    await harness.addUser('bob', 'viewer');
    for (let i = 0; i < ACCOUNT_LIMIT; i++) await harness.signIn('bob', 'not it at all', from(rotating(i)));
    const gate = await checkSignInAllowed(harness.db, { username: 'bob', address: null });
    expect(gate.allowed).toBe(false);
    if (gate.allowed) return;
    expect(gate.scope).toBe('account');
    expect(await checkSignInAllowed(harness.db, { username: 'bob', address: null }, new Date(gate.lockedUntil.getTime() - 1000))).toMatchObject({ allowed: false, retryAfterS: 1 });
    expect(await checkSignInAllowed(harness.db, { username: 'bob', address: null }, new Date(gate.lockedUntil.getTime() + 1000))).toEqual({ allowed: true });
    // Through the route (which uses the clock): move the lock into the past, as the window's end would.
    await harness.db.signInThrottle.updateMany({ data: { lockedUntil: new Date(Date.now() - 1000) } });
    expect((await harness.signIn('bob', PASSWORD, from('203.0.113.2'))).status).toBe(200);
  });

  it('failures older than the window do not add up', async () => {
    harness = await authHarness();
    const start = new Date('2026-12-01T10:00:00Z');
    const attempt = { username: 'carol', address: null };
    for (let i = 0; i < ACCOUNT_LIMIT - 1; i++) await recordSignInFailure(harness.db, attempt, new Date(start.getTime() + i * 1000));
    const later = new Date(start.getTime() + SIGN_IN_LIMITS.account.windowMs + 60_000);
    expect(await recordSignInFailure(harness.db, attempt, later)).toEqual([]);
    expect(await checkSignInAllowed(harness.db, attempt, later)).toEqual({ allowed: true });
  });

  it("an admin's password reset lifts the account's lock: the one-time password signs in at once", async () => {
    harness = await authHarness();
    const { user } = await harness.addUser('dave', 'operator');
    for (let i = 0; i < ACCOUNT_LIMIT; i++) await harness.signIn('dave', 'guess guess guess', from(rotating(i)));
    expect((await harness.signIn('dave', PASSWORD, from('203.0.113.3'))).status).toBe(429);
    const { oneTimePassword } = await resetUserPassword({ db: harness.db, secrets: createSecretBox(randomBytes(32)), actor: 'admin' }, { userId: user.id });
    expect(await checkSignInAllowed(harness.db, { username: 'dave', address: null })).toEqual({ allowed: true });
    const response = await harness.signIn('dave', oneTimePassword, from('203.0.113.3'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, mustChangePassword: true });
  });
});

describe('per client address', () => {
  it('one address trying many usernames is locked at its limit, for every username — other addresses are not', async () => {
    harness = await authHarness();
    await harness.addUser('erin', 'viewer');
    const statuses: number[] = [];
    for (let i = 0; i < ADDRESS_LIMIT; i++) statuses.push((await harness.signIn(`user${i}`, 'password guess', from('192.0.2.66'))).status);
    expect(statuses.slice(0, -1).every((status) => status === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const blocked = await harness.signIn('erin', PASSWORD, from('192.0.2.66'));
    expect(blocked.status).toBe(429);
    expect((await errorOf(blocked)).code).toBe('RATE_LIMITED');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await harness.signIn('erin', PASSWORD, from('192.0.2.67'))).status).toBe(200);
    const lockedOut = await harness.db.event.findMany({ where: { type: 'auth.locked_out' } });
    expect(lockedOut.map((event) => event.message)).toEqual([expect.stringMatching(/^Address 192\.0\.2\.66 locked until /)]);
  });

  it('a right password from a locked address does not unlock it (one valid account must not reset an attacker)', async () => {
    harness = await authHarness();
    await harness.addUser('frank', 'viewer');
    for (let i = 0; i < ADDRESS_LIMIT; i++) await harness.signIn(`x${i}`, 'password guess', from('192.0.2.70'));
    await harness.signIn('frank', PASSWORD, from('192.0.2.70'));
    expect((await harness.signIn('frank', PASSWORD, from('192.0.2.70'))).status).toBe(429);
  });

  it('a spoofed X-Forwarded-For (or Forwarded, X-Real-IP) changes nothing: the address is the one the server set', async () => {
    harness = await authHarness();
    await harness.addUser('gina', 'viewer');
    for (let i = 0; i < ADDRESS_LIMIT; i++) {
      const spoofed = { 'x-forwarded-for': rotating(i), forwarded: `for=${rotating(i)}`, 'x-real-ip': rotating(i), 'cf-connecting-ip': rotating(i) };
      await harness.signIn(`spoof${i}`, 'password guess', from('192.0.2.80', spoofed));
    }
    const response = await harness.signIn('gina', PASSWORD, from('192.0.2.80', { 'x-forwarded-for': '203.0.113.200' }));
    expect(response.status).toBe(429);
  });

  it('without any x-stowage-client-address a rotated X-Forwarded-For still cannot dodge the account lock', async () => {
    harness = await authHarness();
    await harness.addUser('hank', 'viewer');
    for (let i = 0; i < ACCOUNT_LIMIT; i++) await harness.signIn('hank', 'password guess', { 'x-forwarded-for': rotating(i) });
    expect((await harness.signIn('hank', PASSWORD, { 'x-forwarded-for': '203.0.113.201' })).status).toBe(429);
    const keys = (await harness.db.signInThrottle.findMany()).map((row) => row.key);
    expect(keys).toEqual(['user:hank']);
  });
});

/* apps/web/server/client-address.mjs -------------------------------------------------------------------- */

interface FakeRequest {
  socket: { remoteAddress?: string };
  headers: Record<string, string | string[] | undefined>;
}
type SetClientAddress = (request: FakeRequest, trustedProxyHeader?: string) => void;
const modulePath = path.resolve(import.meta.dirname, '../../../apps/web/server/client-address.mjs');
const load = async () => ((await import(modulePath)) as { setClientAddress: SetClientAddress; CLIENT_ADDRESS_HEADER: string });

describe("the web server's client address (setClientAddress)", () => {
  it('names the same header @stowage/auth reads', async () => {
    const { CLIENT_ADDRESS_HEADER } = await load();
    const auth = await import('../src');
    expect(CLIENT_ADDRESS_HEADER).toBe(auth.CLIENT_ADDRESS_HEADER);
  });

  it('replaces an x-stowage-client-address the client sent with the socket peer', async () => {
    const { setClientAddress } = await load();
    const request: FakeRequest = { socket: { remoteAddress: '192.0.2.10' }, headers: { 'x-stowage-client-address': '127.0.0.1', 'x-forwarded-for': '10.0.0.1' } };
    setClientAddress(request, undefined);
    expect(request.headers['x-stowage-client-address']).toBe('192.0.2.10');
  });

  it('ignores X-Forwarded-For unless the admin declared it trusted', async () => {
    const { setClientAddress } = await load();
    const request: FakeRequest = { socket: { remoteAddress: '::ffff:192.0.2.11' }, headers: { 'x-forwarded-for': '203.0.113.5' } };
    setClientAddress(request);
    expect(request.headers['x-stowage-client-address']).toBe('192.0.2.11');
  });

  it('with a trusted proxy header, takes its last entry (what the proxy saw), not what the client put first', async () => {
    const { setClientAddress } = await load();
    const request: FakeRequest = {
      socket: { remoteAddress: '10.0.0.2' },
      headers: { 'x-forwarded-for': '1.2.3.4, 5.6.7.8,  203.0.113.7 ', 'x-stowage-client-address': '9.9.9.9' },
    };
    setClientAddress(request, 'x-forwarded-for');
    expect(request.headers['x-stowage-client-address']).toBe('203.0.113.7');
  });

  it('a trusted header sent twice counts as one list; an empty one falls back to the peer', async () => {
    const { setClientAddress } = await load();
    const twice: FakeRequest = { socket: { remoteAddress: '10.0.0.2' }, headers: { 'x-real-ip': ['1.1.1.1', '198.51.100.9'] } };
    setClientAddress(twice, 'x-real-ip');
    expect(twice.headers['x-stowage-client-address']).toBe('198.51.100.9');
    const empty: FakeRequest = { socket: { remoteAddress: '10.0.0.3' }, headers: { 'x-forwarded-for': ' ' } };
    setClientAddress(empty, 'x-forwarded-for');
    expect(empty.headers['x-stowage-client-address']).toBe('10.0.0.3');
  });

  it('keeps at most 64 characters, and an unknown peer is an empty address (which @stowage/auth reads as none)', async () => {
    const { setClientAddress } = await load();
    const long: FakeRequest = { socket: { remoteAddress: '10.0.0.4' }, headers: { 'x-forwarded-for': 'a'.repeat(500) } };
    setClientAddress(long, 'x-forwarded-for');
    expect(long.headers['x-stowage-client-address']).toHaveLength(64);
    const gone: FakeRequest = { socket: {}, headers: { 'x-stowage-client-address': '127.0.0.1' } };
    setClientAddress(gone);
    expect(gone.headers['x-stowage-client-address']).toBe('');
    const { clientAddressOf } = await import('../src');
    expect(clientAddressOf(new Headers({ 'x-stowage-client-address': '' }))).toBeNull();
  });
});
