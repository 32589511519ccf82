import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteObject, getObject, listObjects, verifyObject } from '@stowage/services';
import { registerObjectByUrl } from '../src';
import { createEngineWorld, type EngineWorld } from './support/engine-world';
import { sha256, startFileServer, testBytes } from './support/file-server';

describe('ingest, backup and sync across zones (NFS record stores, Swift object store)', () => {
  let world: EngineWorld;
  let files: Awaited<ReturnType<typeof startFileServer>>;
  const image = testBytes(5 * 1024 * 1024 + 123, 7);
  let zones: { a: string; b: string; c: string };
  let stores: Record<'a' | 'b' | 'c', { id: string; root: string }>;

  beforeAll(async () => {
    world = await createEngineWorld();
    files = await startFileServer({ '/image.qcow2': image });
    zones = { a: await world.zone('zone-a'), b: await world.zone('zone-b'), c: await world.zone('zone-c') };
    stores = {
      a: await world.recordStore(zones.a, 'nfs-a'),
      b: await world.recordStore(zones.b, 'nfs-b'),
      c: await world.recordStore(zones.c, 'nfs-c'),
    };
    await world.swiftObjectStore('swift');
    await world.allowLoopbackIngest();
  });
  afterAll(async () => {
    await world?.dispose();
    await files?.close();
  });

  it('ingests by URL into zone A, backs up to Swift, and reaches every zone with the same bytes', async () => {
    const created = await registerObjectByUrl(world.ctx, {
      name: 'ubuntu-24.04',
      kind: 'template',
      format: 'qcow2',
      originZoneId: zones.a,
      placement: 'all_zones',
      url: files.url('/image.qcow2'),
    });
    const worker = world.worker();
    await worker.idle();
    const detail = await getObject(world.ctx, { objectId: created.objectId });
    expect(detail.object.sha256).toBe(sha256(image));
    expect(detail.object.status).toBe('in_sync');
    expect(detail.replicas.map((replica) => [replica.store.name, replica.state]).sort()).toEqual([
      ['nfs-a', 'ready'],
      ['nfs-b', 'ready'],
      ['nfs-c', 'ready'],
      ['swift', 'ready'],
    ]);
    for (const key of ['b', 'c'] as const) {
      const bytes = fs.readFileSync(path.join(stores[key].root, 'objects', created.objectId));
      expect(sha256(bytes)).toBe(sha256(image));
    }
    const syncJobs = detail.jobs.filter((job) => job.kind === 'sync');
    expect(syncJobs).toHaveLength(2);
    expect(syncJobs.every((job) => job.source?.name === 'swift' && job.state === 'succeeded')).toBe(true);
    // A finished job reports every byte it moved, and no rate or time left.
    for (const job of detail.jobs.filter((job) => job.kind !== 'delete')) {
      expect(job.progress).toMatchObject({ bytesDone: image.length, bytesTotal: image.length, percent: 100, rateBps: null, etaSeconds: null });
    }
    const list = await listObjects(world.ctx);
    expect(Object.values(list.objects[0]!.zones).map((cell) => cell.state)).toEqual(['ready', 'ready', 'ready']);
    await worker.stop();
  });

  it('verify finds a corrupt copy, marks it failed, and repairs it from the object store', async () => {
    const list = await listObjects(world.ctx);
    const objectId = list.objects[0]!.id;
    const file = path.join(stores.b.root, 'objects', objectId);
    const corrupt = Buffer.from(fs.readFileSync(file));
    corrupt[1000] = corrupt[1000]! ^ 0xff;
    fs.writeFileSync(file, corrupt);

    await verifyObject(world.ctx, { objectId });
    const worker = world.worker();
    await worker.idle();
    await worker.stop();
    const detail = await getObject(world.ctx, { objectId });
    expect(detail.events.some((event) => event.type === 'replica.failed' && event.message.includes('nfs-b'))).toBe(true);
    expect(detail.replicas.every((replica) => replica.state === 'ready')).toBe(true);
    expect(sha256(fs.readFileSync(file))).toBe(sha256(image));
  });

  it('deleting the object destroys every copy through jobs and then forgets it', async () => {
    const list = await listObjects(world.ctx);
    const objectId = list.objects[0]!.id;
    await deleteObject(world.ctx, { objectId });
    const worker = world.worker();
    await worker.idle();
    await worker.stop();
    expect((await listObjects(world.ctx)).objects).toHaveLength(0);
    for (const key of ['a', 'b', 'c'] as const) {
      expect(fs.existsSync(path.join(stores[key].root, 'objects', objectId))).toBe(false);
    }
    const deletes = await world.db.job.count({ where: { kind: 'delete', state: 'succeeded' } });
    expect(deletes).toBe(4);
  });
});

describe('sweeping what killed writers left behind', () => {
  it('removes old temp files from NFS stores and records it', async () => {
    const world = await createEngineWorld();
    try {
      const zone = await world.zone('sweep-zone');
      const store = await world.recordStore(zone, 'sweep-nfs');
      const tempDir = path.join(store.root, '.stowage-tmp');
      fs.mkdirSync(tempDir, { recursive: true });
      fs.writeFileSync(path.join(tempDir, 'dead.part'), Buffer.alloc(64));
      const old = new Date(Date.now() - 2 * 3_600_000);
      fs.utimesSync(path.join(tempDir, 'dead.part'), old, old);
      const { sweepAbandoned } = await import('../src');
      expect(await sweepAbandoned(world.ctx)).toEqual({ removed: 1 });
      expect(fs.readdirSync(tempDir)).toEqual([]);
      expect(await world.db.event.count({ where: { type: 'store.swept', storeId: store.id } })).toBe(1);
    } finally {
      await world.dispose();
    }
  });

  it('sweeps once as soon as a worker starts, not a sweep interval later: a restarted worker clears what its crash left', async () => {
    const world = await createEngineWorld();
    try {
      const zone = await world.zone('restart-zone');
      const store = await world.recordStore(zone, 'restart-nfs');
      const tempDir = path.join(store.root, '.stowage-tmp');
      fs.mkdirSync(tempDir, { recursive: true });
      fs.writeFileSync(path.join(tempDir, 'left-by-a-crash.part'), Buffer.alloc(64));
      const old = new Date(Date.now() - 2 * 3_600_000);
      fs.utimesSync(path.join(tempDir, 'left-by-a-crash.part'), old, old);
      const worker = world.worker({ sweepIntervalMs: 3_600_000 });
      const deadline = Date.now() + 10_000;
      while (fs.readdirSync(tempDir).length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      await worker.stop();
      expect(fs.readdirSync(tempDir)).toEqual([]);
    } finally {
      await world.dispose();
    }
  });
});
