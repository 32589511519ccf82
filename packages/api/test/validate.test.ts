import fs from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { createZone, registerNfs, resetDb, useApi, useTempDirs } from './support';

const api = useApi();
const dirs = useTempDirs();

beforeEach(async () => {
  await resetDb(api.db);
});

describe('store.validate', () => {
  it('passes every check on a healthy store, reports throughput, and leaves no probe objects', async () => {
    const zone = await createZone(api.caller, 'zone-v');
    const dir = dirs.make();
    const store = await registerNfs(api.caller, { name: 'nfs-v', zoneId: zone.id, path: dir });

    const result = await api.caller.store.validate({ storeId: store.id });
    expect(result.checks.map((check) => [check.name, check.outcome])).toEqual([
      ['Reachable', 'passed'],
      ['Write', 'passed'],
      ['Read back with checksum', 'passed'],
      ['Metadata', 'passed'],
      ['Range read', 'passed'],
      ['List', 'passed'],
      ['Refuses corrupt writes', 'passed'],
      ['Throughput', 'passed'],
      ['Delete', 'passed'],
    ]);
    expect(result.passed).toBe(true);
    expect(result.uploadMiBps).toBeGreaterThan(0);
    expect(result.downloadMiBps).toBeGreaterThan(0);
    expect(fs.readdirSync(dir).filter((name) => !name.startsWith('.stowage-'))).toEqual([]);

    const event = await api.db.event.findFirst({ where: { type: 'store.validated', storeId: store.id } });
    expect(event?.message).toBe('Store nfs-v passed validation');
  });

  it('reports each failing check with its reason, and skips the checks that depend on it', async () => {
    const zone = await createZone(api.caller, 'zone-v');
    const dir = dirs.make();
    const store = await registerNfs(api.caller, { name: 'nfs-ro', zoneId: zone.id, path: dir });
    dirs.lock(dir);

    const result = await api.caller.store.validate({ storeId: store.id });
    expect(result.passed).toBe(false);
    const byName = Object.fromEntries(result.checks.map((check) => [check.name, check]));
    expect(byName.Reachable?.outcome).toBe('failed');
    expect(byName.Reachable?.detail).toBe(`${dir} is not writable`);
    expect(byName.Write?.outcome).toBe('skipped');
    expect(byName.Delete?.detail).toBe('Skipped: "Write" failed');
    const event = await api.db.event.findFirst({ where: { type: 'store.validation_failed', storeId: store.id } });
    expect(event?.severity).toBe('warning');
  });

  it('refuses an unknown store', async () => {
    await expect(api.caller.store.validate({ storeId: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
