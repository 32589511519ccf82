/* The role matrix, generated from the router: every procedure declares what it needs, the declaration follows
 * the product's policy, and calling it as nobody, a viewer, an operator, an admin, or someone who must first
 * change a one-time password is allowed or refused exactly as declared. */
import { TRPCError, type AnyProcedure } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { ACCESS_LEVELS, accessAllows, type Access, type Principal } from '@stowage/core';
import type { SignedIn } from '@stowage/auth';
import { appRouter, createCaller } from '../src/root';
import { createCallerFactory, operatorProcedure, router } from '../src/trpc';
import { makeContext, principalFor, useApi } from './support';

const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, AnyProcedure>);
const accessOf = (procedure: AnyProcedure) => (procedure._def.meta as { access?: Access } | undefined)?.access;

/** The policy: users and tokens are admins' alone; so are changes to zones, stores, settings and the demo. */
function expectedAccess(path: string, type: string): Access {
  const [area] = path.split('.');
  if (area === 'account') return 'signed-in';
  if (area === 'user' || area === 'token') return 'admin';
  if (type === 'query') return 'viewer';
  if (['zone', 'store', 'settings'].includes(area!) || path === 'overview.loadDemo') return 'admin';
  return 'operator';
}

const callers: [string, SignedIn | null][] = [
  ['nobody', null],
  ['viewer', principalFor('viewer', 'vera')],
  ['operator', principalFor('operator', 'otto')],
  ['admin', principalFor('admin', 'ada')],
  ['admin who must change a one-time password', { ...principalFor('admin', 'newbie'), mustChangePassword: true }],
];

function procedureAt(caller: ReturnType<typeof createCaller>, path: string): (input: unknown) => Promise<unknown> {
  let at: unknown = caller;
  for (const part of path.split('.')) at = (at as Record<string, unknown>)[part];
  return at as (input: unknown) => Promise<unknown>;
}

describe('every procedure declares who may call it', () => {
  it('finds the procedures', () => {
    expect(procedures.length).toBeGreaterThan(30);
  });

  it.each(procedures)('%s declares an access level that follows the policy', (path, procedure) => {
    const access = accessOf(procedure);
    expect(ACCESS_LEVELS).toContain(access);
    expect(access).toBe(expectedAccess(path, procedure._def.type));
  });
});

describe('the role matrix', () => {
  const api = useApi();

  it.each(callers)('as %s, every procedure is allowed or refused as declared', async (_who, principal) => {
    const { ctx, cleanup } = makeContext(api.db, principal);
    const caller = createCaller(ctx);
    const wrong: string[] = [];
    try {
      for (const [path, procedure] of procedures) {
        const allowed = accessAllows(accessOf(procedure)!, principal as Principal | null);
        let refusedWith: string | null = null;
        try {
          await procedureAt(caller, path)(undefined);
        } catch (error) {
          if (error instanceof TRPCError && (error.code === 'UNAUTHORIZED' || error.code === 'FORBIDDEN')) refusedWith = error.code;
        }
        const expected = allowed ? null : principal ? 'FORBIDDEN' : 'UNAUTHORIZED';
        if (refusedWith !== expected) wrong.push(`${path}: expected ${expected ?? 'allowed'}, got ${refusedWith ?? 'allowed'}`);
      }
    } finally {
      cleanup();
    }
    expect(wrong).toEqual([]);
  });

  it('audits every refused call with the caller and the procedure, and no input values', async () => {
    await api.db.event.deleteMany();
    const { ctx, cleanup } = makeContext(api.db, principalFor('viewer', 'vera'));
    try {
      // The same refusal again at once (a retrying client) is not recorded a second time.
      for (let attempt = 0; attempt < 3; attempt++) {
        await expect(createCaller(ctx).store.remove({ storeId: 'secret-looking-input-value' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      }
    } finally {
      cleanup();
    }
    const events = await api.db.event.findMany({ where: { type: 'access.denied' } });
    expect(events).toMatchObject([{ actor: 'vera', outcome: 'denied' }]);
    expect(events[0]!.message).toContain('store.remove');
    expect(JSON.stringify(events)).not.toContain('secret-looking-input-value');
  });

  it('audits every mutation once: its own event when it succeeds, the audit\'s when it fails or records nothing', async () => {
    await api.db.event.deleteMany();
    const zone = await api.caller.zone.create({ name: 'audited' });
    await expect(api.caller.zone.create({ name: 'audited' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await api.caller.zone.rename({ zoneId: zone.id, name: 'audited-2' });
    await expect(api.caller.zone.rename({ zoneId: zone.id, name: '' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await api.caller.settings.updateIngest({ allowedNetworks: ['10.0.0.0/8'], maxBytes: 1024 ** 3 });
    const events = await api.db.event.findMany({ orderBy: [{ at: 'asc' }, { id: 'asc' }] });
    expect(events.map((event) => [event.actor, event.type, event.outcome])).toEqual([
      ['test', 'zone.created', 'success'],
      ['test', 'api.zone.create', 'failure'],
      ['test', 'zone.renamed', 'success'],
      ['test', 'api.zone.rename', 'failure'],
      ['test', 'settings.ingest_changed', 'success'],
    ]);
    expect(events[1]!.message).toContain('already exists');
    expect(events[3]).toMatchObject({ zoneId: zone.id });

    // A mutation whose operation records no event of its own gets the audit's row.
    await api.db.event.deleteMany();
    const quiet = createCallerFactory(router({ quiet: operatorProcedure.mutation(() => 'done') }));
    await quiet(api.ctx).quiet();
    expect(await api.db.event.findMany()).toMatchObject([{ actor: 'test', type: 'api.quiet', outcome: 'success' }]);
  });
});
