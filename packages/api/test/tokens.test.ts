/* The token router: admins create, list and revoke agent tokens; the secret is in create's answer only. */
import { describe, expect, it } from 'vitest';
import { makeContext, principalFor, useApi } from './support';
import { createCaller } from '../src/root';

const api = useApi();

describe('token.*', () => {
  it('create answers the secret once; list and revoke never carry it or its hash', async () => {
    const zone = await api.caller.zone.create({ name: 'token-zone' });
    const created = await api.caller.token.create({ name: 'kvm', scopes: ['acquire', 'release'], zoneIds: [zone.id], expiresInDays: 90 });
    expect(created.secret).toMatch(/^stw_/);
    expect(created.token).toMatchObject({ name: 'kvm', scopes: ['acquire', 'release'], zones: [{ id: zone.id, name: 'token-zone' }], createdBy: 'test' });
    const { secretHash } = await api.db.agentToken.findUniqueOrThrow({ where: { id: created.token.id } });
    const listed = JSON.stringify(await api.caller.token.list());
    const revoked = JSON.stringify(await api.caller.token.revoke({ tokenId: created.token.id }));
    for (const answer of [listed, revoked]) {
      expect(answer).not.toContain(created.secret);
      expect(answer).not.toContain(secretHash);
    }
    expect(JSON.parse(revoked)).toMatchObject({ revokedBy: 'test' });
    // The audit of the mutations holds no secret either.
    const events = JSON.stringify(await api.db.event.findMany());
    expect(events).toContain('token.created');
    expect(events).not.toContain(created.secret);
  });

  it('an operator may not list tokens', async () => {
    const { ctx, cleanup } = makeContext(api.db, principalFor('operator', 'otto'));
    try {
      await expect(createCaller(ctx).token.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    } finally {
      cleanup();
    }
  });
});
