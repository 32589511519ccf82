import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import { expect } from '../fixtures';
import { mutate, postMutation } from './trpc';

export interface SampleData {
  zone: { id: string; name: string };
  store: { id: string; name: string };
  object: { id: string; name: string };
  mount: string;
}

/**
 * Something on every page, made through the API as the admin whose cookies `request` carries: a backup zone, an
 * NFS record store in it (a temporary directory standing in for the mount) and a small uploaded object.
 */
export async function createSampleData(request: APIRequestContext, names: { zone: string; store: string; object: string; mountLabel?: string }): Promise<SampleData> {
  const mount = fs.mkdtempSync(path.join(os.tmpdir(), `stowage-e2e-${names.mountLabel ?? 'sample'}-`));
  const zone = await mutate<{ id: string; name: string }>(request, 'zone.create', { name: names.zone, mode: 'backup' });
  const store = await mutate<{ id: string; name: string }>(request, 'store.register', { name: names.store, provider: 'nfs', role: 'record', zoneId: zone.id, capacityBytes: 64 * 1024 * 1024, config: { path: mount } });
  const query = new URLSearchParams({ name: names.object, kind: 'template', format: 'qcow2', originZoneId: zone.id, placement: 'all_zones' });
  const upload = await request.post(`/api/objects/upload?${query.toString()}`, { headers: { 'content-type': 'application/octet-stream' }, data: Buffer.alloc(256 * 1024, 7) });
  expect(upload.ok(), await upload.text()).toBe(true);
  const { objectId } = (await upload.json()) as { objectId: string };
  return { zone, store, object: { id: objectId, name: names.object }, mount };
}

/** Removes what createSampleData made (the store only once the object's copies are destroyed). Safe on a partial run. */
export async function removeSampleData(request: APIRequestContext, data: SampleData | undefined) {
  if (!data) return;
  await mutate(request, 'object.delete', { objectId: data.object.id }).catch(() => undefined);
  await expect
    .poll(async () => (await postMutation(request, 'store.remove', { storeId: data.store.id })).status(), { timeout: 60_000, intervals: [500, 1000, 2000] })
    .toBe(200);
  await mutate(request, 'zone.delete', { zoneId: data.zone.id });
  fs.rmSync(data.mount, { recursive: true, force: true });
}
