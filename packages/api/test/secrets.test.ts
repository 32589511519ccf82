/* Sealed secrets never leave the server: no procedure output carries the secretsSealed column. */
import { beforeAll, describe, expect, it } from 'vitest';
import superjson from 'superjson';
import { createZone, httpCall, registerNfs, useApi, useTempDirs } from './support';

const api = useApi();
const dirs = useTempDirs();

const SECRET = 'super-secret-token-value';

function expectNoSecrets(label: string, output: unknown) {
  const json = JSON.stringify(superjson.serialize(output));
  expect(json, label).not.toContain('secretsSealed');
  expect(json, label).not.toContain(SECRET);
  expect(json, label).not.toMatch(/"v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+"/);
}

describe('secretsSealed never reaches a client', () => {
  let storeId = '';
  let sealed = '';

  beforeAll(async () => {
    const zone = await createZone(api.caller, 'zone-a');
    const store = await registerNfs(api.caller, { name: 'nfs-a', zoneId: zone.id, path: dirs.make() });
    storeId = store.id;
    expectNoSecrets('store.register', store);
    // nfs has no secret fields; seal a value into the row directly so the column is not empty.
    sealed = api.ctx.secrets.seal({ token: SECRET });
    await api.db.store.update({ where: { id: storeId }, data: { secretsSealed: sealed } });
  });

  it('the row really holds a sealed value', async () => {
    const row = await api.db.store.findUniqueOrThrow({ where: { id: storeId } });
    expect(row.secretsSealed).toBe(sealed);
  });

  it('store.list', async () => {
    expectNoSecrets('store.list', await api.caller.store.list());
    expectNoSecrets('store.list by zone', await api.caller.store.list({}));
  });

  it('store.byId', async () => {
    const view = await api.caller.store.byId({ storeId });
    expect(Object.keys(view)).not.toContain('secretsSealed');
    expectNoSecrets('store.byId', view);
  });

  it('overview.get', async () => {
    expectNoSecrets('overview.get', await api.caller.overview.get());
  });

  it('store.setAdminState', async () => {
    expectNoSecrets(
      'store.setAdminState',
      await api.caller.store.setAdminState({ storeId, adminState: 'read_only' }),
    );
    await api.caller.store.setAdminState({ storeId, adminState: 'active' });
  });

  it('store.probe', async () => {
    expectNoSecrets('store.probe', await api.caller.store.probe({ storeId }));
  });

  it('store.update', async () => {
    expectNoSecrets('store.update', await api.caller.store.update({ storeId, name: 'nfs-renamed' }));
  });

  it('overview.events', async () => {
    expectNoSecrets('overview.events', await api.caller.overview.events({}));
  });

  it('the HTTP body of store.list', async () => {
    const result = await httpCall(api.ctx, 'query', 'store.list');
    expect(result.status).toBe(200);
    expect(result.text).not.toContain('secretsSealed');
    expect(result.text).not.toContain(sealed);
  });
});
