/* Agent tokens: made with 256 random bits and a visible prefix, stored only as SHA-256, required and bounded
 * expiry, revocation at once in this process and within a generation check in another, last use written at most
 * once a minute, the lease recording its token — on a real SQLite database. */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDb, type Db } from '@stowage/db';
import { createTestDb } from '@stowage/db/testing';
import { tryAcquire } from '../src/cache/acquire-lease';
import { releaseLease, renewLease } from '../src/cache/renew-lease';
import { createAgentToken } from '../src/tokens/create-agent-token';
import { listAgentTokens } from '../src/tokens/list-agent-tokens';
import { revokeAgentToken } from '../src/tokens/revoke-agent-token';
import { GENERATION_CHECK_INTERVAL_MS } from '../src/runtime/shared-cache';
import { hashAgentSecret } from '../src/tokens/token-secret';
import { AGENT_TOKEN_STALE_MS, createAgentTokenVerifier, tokenCoversZone, type AgentTokenCheck } from '../src/tokens/verify-agent-token';
import { objectRow, replicaRow, storeRow, zoneRow } from './support/rows';

let db: Db;
let url: string;
let dispose: () => Promise<void>;
beforeAll(async () => {
  ({ db, url, dispose } = await createTestDb());
});
afterAll(async () => dispose());
beforeEach(async () => {
  await db.lease.deleteMany();
  await db.agentToken.deleteMany();
  await db.event.deleteMany();
});

const admin = () => ({ db, actor: 'ada' });
const create = (name: string, extra: Partial<Parameters<typeof createAgentToken>[1]> = {}) =>
  createAgentToken(admin(), { name, scopes: ['acquire', 'renew', 'release'], expiresInDays: 90, ...extra });
const okToken = (check: AgentTokenCheck) => {
  if (!check.ok) throw new Error(`expected a valid token, got ${check.reason}`);
  return check.token;
};

describe('creating a token', () => {
  it('shows the secret once (stw_ + 256 random bits), stores only its SHA-256 and a short prefix', async () => {
    const { token, secret } = await create('kvm-east');
    expect(secret).toMatch(/^stw_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret.slice(4), 'base64url')).toHaveLength(32);
    expect(token.prefix).toBe(secret.slice(0, 12));
    const row = await db.agentToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(row.secretHash).toBe(hashAgentSecret(secret));
    expect(row.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(secret.slice(12));
    expect(row).toMatchObject({ name: 'kvm-east', nameKey: 'kvm-east', scopes: 'acquire,renew,release', zoneIds: '', createdBy: 'ada' });
    // The list never carries the hash, nor the secret.
    const listed = await listAgentTokens({ db });
    expect(JSON.stringify(listed)).not.toContain(row.secretHash);
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(Object.keys(listed[0]!)).not.toContain('secretHash');
    expect(listed[0]).toMatchObject({ name: 'kvm-east', prefix: token.prefix, zones: null, expired: false, lastUsedAt: null });
    // Two tokens never share a secret.
    expect((await create('kvm-west')).secret).not.toBe(secret);
  });

  it('requires an expiry between 1 and 365 days, at least one scope, zones that exist, a name unique whatever its case', async () => {
    const base = { name: 'x', scopes: ['acquire'] as ('acquire' | 'renew' | 'release')[] };
    await expect(createAgentToken(admin(), base as never)).rejects.toThrow();
    await expect(createAgentToken(admin(), { ...base, expiresInDays: 0 })).rejects.toThrow(/at least 1 day/);
    await expect(createAgentToken(admin(), { ...base, expiresInDays: 366 })).rejects.toThrow(/at most 365 days/);
    await expect(createAgentToken(admin(), { ...base, expiresInDays: 1.5 })).rejects.toThrow(/whole number/);
    await expect(createAgentToken(admin(), { ...base, scopes: [], expiresInDays: 30 })).rejects.toThrow(/at least one scope/);
    await expect(createAgentToken(admin(), { ...base, scopes: ['delete' as never], expiresInDays: 30 })).rejects.toThrow();
    await expect(createAgentToken(admin(), { ...base, zoneIds: ['no-such-zone'], expiresInDays: 30 })).rejects.toMatchObject({ code: 'INVALID_INPUT', fieldErrors: { zoneIds: expect.any(Array) } });
    const before = Date.now();
    const { token } = await createAgentToken(admin(), { ...base, expiresInDays: 365 });
    expect(token.expiresAt.getTime() - before).toBeGreaterThanOrEqual(365 * 86_400_000 - 1000);
    expect(token.expiresAt.getTime() - before).toBeLessThanOrEqual(365 * 86_400_000 + 1000);
    await expect(createAgentToken(admin(), { ...base, name: 'X', expiresInDays: 30 })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await db.agentToken.count()).toBe(1);
  });

  it('audits creation and revocation with the admin as actor, and no secret in any event', async () => {
    const zone = await zoneRow(db);
    const { token, secret } = await create('audited', { zoneIds: [zone.id], scopes: ['renew'] });
    await revokeAgentToken({ db, actor: 'bob' }, { tokenId: token.id });
    await revokeAgentToken({ db, actor: 'bob' }, { tokenId: token.id }); // changes nothing
    const events = await db.event.findMany({ orderBy: { at: 'asc' } });
    expect(events.map((event) => [event.type, event.actor, event.outcome])).toEqual([
      ['token.created', 'ada', 'success'],
      ['token.revoked', 'bob', 'success'],
    ]);
    expect(events[0]!.message).toContain(zone.name);
    expect(events[0]!.message).toContain(token.prefix);
    const hash = hashAgentSecret(secret);
    for (const event of events) {
      expect(JSON.stringify(event)).not.toContain(secret.slice(12));
      expect(JSON.stringify(event)).not.toContain(hash);
    }
    const [listed] = await listAgentTokens({ db });
    expect(listed).toMatchObject({ revokedBy: 'bob', revokedAt: expect.any(Date), zones: [{ id: zone.id, name: zone.name }], scopes: ['renew'] });
  });
});

describe('verifying a token', () => {
  it('a valid token is who it says; unknown, malformed, revoked and expired ones are refused with their reason', async () => {
    const zone = await zoneRow(db);
    const { token, secret } = await create('hv-fleet', { zoneIds: [zone.id], scopes: ['acquire', 'release'] });
    const verifier = createAgentTokenVerifier(db);
    const identity = okToken(await verifier.verify(secret));
    expect(identity).toMatchObject({ id: token.id, name: 'hv-fleet', prefix: token.prefix, scopes: ['acquire', 'release'], zoneIds: [zone.id] });
    expect(tokenCoversZone(identity, zone.id)).toBe(true);
    expect(tokenCoversZone(identity, 'other-zone')).toBe(false);

    const unknown = `stw_${'A'.repeat(43)}`;
    expect(await verifier.verify(unknown)).toEqual({ ok: false, reason: 'unknown', name: null, prefix: 'stw_AAAAAAAA' });
    expect(await verifier.verify('not-a-stowage-token-at-all')).toEqual({ ok: false, reason: 'malformed', name: null, prefix: null });
    expect(await verifier.verify(secret.slice(0, -1))).toMatchObject({ ok: false, reason: 'malformed' });

    await db.agentToken.update({ where: { id: token.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    const expired = await createAgentTokenVerifier(db).verify(secret);
    expect(expired).toEqual({ ok: false, reason: 'expired', name: 'hv-fleet', prefix: token.prefix });
    expect((await listAgentTokens({ db }))[0]!.expired).toBe(true);

    await revokeAgentToken(admin(), { tokenId: token.id });
    expect(await verifier.verify(secret)).toMatchObject({ ok: false, reason: 'revoked', name: 'hv-fleet' });
  });

  it('a revocation through this process takes effect at once; through another within a generation check', async () => {
    const { token, secret } = await create('revoked-soon');
    let now = Date.now();
    const clock = () => now;
    const here = createAgentTokenVerifier(db, { clock });
    // Another process: its own database client on the same database, its own cache.
    const otherDb = createDb({ url });
    try {
      const there = createAgentTokenVerifier(otherDb, { clock });
      okToken(await here.verify(secret));
      okToken(await there.verify(secret));

      await revokeAgentToken(admin(), { tokenId: token.id });
      expect(await here.verify(secret)).toMatchObject({ ok: false, reason: 'revoked' });
      // The other process still has it cached until it next reads the cache generation, a second at most.
      okToken(await there.verify(secret));
      now += GENERATION_CHECK_INTERVAL_MS - 1;
      okToken(await there.verify(secret));
      now += 1;
      expect(await there.verify(secret)).toMatchObject({ ok: false, reason: 'revoked' });
    } finally {
      await otherDb.$disconnect();
    }
  });

  it('a change that bumps no generation (made in SQL) is seen within the staleness bound', async () => {
    const { token, secret } = await create('edited-by-hand');
    let now = Date.now();
    const verifier = createAgentTokenVerifier(db, { clock: () => now });
    okToken(await verifier.verify(secret));
    await db.agentToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
    now += AGENT_TOKEN_STALE_MS;
    okToken(await verifier.verify(secret));
    now += 1;
    expect(await verifier.verify(secret)).toMatchObject({ ok: false, reason: 'revoked' });
  });

  it('reads the database at most once per staleness period and writes the last use at most once a minute', async () => {
    const { token, secret } = await create('busy');
    let now = Date.now();
    const verifier = createAgentTokenVerifier(db, { clock: () => now });
    const reads = vi.spyOn(db.agentToken, 'findUnique');
    const writes = vi.spyOn(db.agentToken, 'updateMany');
    try {
      await Promise.all(Array.from({ length: 200 }, () => verifier.verify(secret).then(okToken)));
      expect(reads).toHaveBeenCalledTimes(1);
      expect(writes).toHaveBeenCalledTimes(1);
      const firstUse = (await db.agentToken.findUniqueOrThrow({ where: { id: token.id } })).lastUsedAt;
      expect(firstUse?.getTime()).toBe(now);

      // 50 s of calls: the row is read again every 5 s, the last use is not written again.
      for (let step = 0; step < 50; step += 1) {
        now += 1000;
        okToken(await verifier.verify(secret));
      }
      expect(writes).toHaveBeenCalledTimes(1);
      expect(reads.mock.calls.length).toBeGreaterThan(5);
      expect(reads.mock.calls.length).toBeLessThanOrEqual(11);

      now += 10_001; // a minute and a bit after the first use
      okToken(await verifier.verify(secret));
      okToken(await verifier.verify(secret));
      expect(writes).toHaveBeenCalledTimes(2);
      expect((await db.agentToken.findUniqueOrThrow({ where: { id: token.id } })).lastUsedAt?.getTime()).toBe(now);

      // Another process that read the row before: its write is conditional, so the minute still holds.
      const other = createAgentTokenVerifier(db, { clock: () => now });
      okToken(await other.verify(secret));
      expect((await db.agentToken.findUniqueOrThrow({ where: { id: token.id } })).lastUsedAt?.getTime()).toBe(now);
    } finally {
      reads.mockRestore();
      writes.mockRestore();
    }
  });
});

describe('leases taken with a token', () => {
  it('record the token id and name; renew and release are refused in a zone the token does not cover', async () => {
    const zoneA = await zoneRow(db);
    const zoneB = await zoneRow(db);
    const store = await storeRow(db, { role: 'record', zoneId: zoneA.id });
    const object = await objectRow(db, { originZoneId: zoneA.id });
    await replicaRow(db, object.id, store.id, 'ready');
    const { token } = await create('zone-a-agents', { zoneIds: [zoneA.id] });
    const outcome = await tryAcquire({ db, actor: token.name }, { objectId: object.id, zoneId: zoneA.id, holder: 'hv-1' }, { token: { id: token.id, name: token.name } });
    if (outcome.status !== 'leased') throw new Error('expected a lease');
    const leaseId = outcome.lease.leaseId;
    expect(await db.lease.findUniqueOrThrow({ where: { id: leaseId } })).toMatchObject({ holder: 'hv-1', tokenId: token.id, tokenName: 'zone-a-agents' });

    const onlyB = (zoneId: string | null) => zoneId === zoneB.id;
    await expect(renewLease({ db }, { leaseId }, { mayUseZone: onlyB })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(releaseLease({ db }, { leaseId }, { mayUseZone: onlyB })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(renewLease({ db }, { leaseId: 'no-such-lease' }, { mayUseZone: onlyB })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await db.lease.findUniqueOrThrow({ where: { id: leaseId } })).toMatchObject({ releasedAt: null });

    const onlyA = (zoneId: string | null) => zoneId === zoneA.id;
    await expect(renewLease({ db }, { leaseId }, { mayUseZone: onlyA })).resolves.toMatchObject({ leaseId });
    await expect(releaseLease({ db }, { leaseId }, { mayUseZone: onlyA })).resolves.toMatchObject({ released: true });
  });
});
