/*
 * Two object stores on two providers — the Swift API, and the S3 API through a TCP relay this test can cut —
 * both hold every object, the states show each, and when the S3 path goes down, sync and staging read from
 * the Swift copy instead (a job planned from the S3 copy falls over to it at run time).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createContainer } from '@stowage/object-store-server';
import { applyReconcileActions, awaitLease, getObject, listObjects, probeStore, registerStore } from '@stowage/services';
import { registerObjectByUrl } from '../src';
import { createEngineWorld, type EngineWorld } from './support/engine-world';
import { sha256, startFileServer, testBytes } from './support/file-server';

/** Forwards connections to `target` until cut; after that, connections are refused (the port is closed). */
async function startRelay(target: URL) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    cut: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('several object stores', () => {
  let world: EngineWorld;
  let files: Awaited<ReturnType<typeof startFileServer>>;
  let relay: Awaited<ReturnType<typeof startRelay>>;
  const image = testBytes(3 * 1024 * 1024 + 5, 21);
  let zones: { a: string; b: string; s: string };
  let nfsB: { id: string; root: string };
  let swiftId: string;
  let s3Id: string;
  let objectId: string;

  beforeAll(async () => {
    world = await createEngineWorld();
    files = await startFileServer({ '/image.qcow2': image });
    const endpoint = inject('objectStore');
    relay = await startRelay(new URL(endpoint.proxyUrl));
    zones = { a: await world.zone('zone-a'), b: await world.zone('zone-b'), s: await world.zone('zone-s', 'staging') };
    await world.recordStore(zones.a, 'nfs-a');
    swiftId = (await world.swiftObjectStore('swift-backup')).id;
    const bucket = `engine-s3-${randomBytes(4).toString('hex')}`;
    await createContainer(endpoint, bucket);
    const s3 = await registerStore(world.ctx, {
      name: 's3-backup',
      provider: 's3',
      role: 'object',
      zoneId: null,
      config: { endpoint: relay.url, region: endpoint.s3.region, bucket, accessKeyId: endpoint.s3.accessKeyId, secretAccessKey: endpoint.s3.secretAccessKey, forcePathStyle: true },
    });
    s3Id = s3.id;
    await world.allowLoopbackIngest();
  });
  afterAll(async () => {
    await world?.dispose();
    await files?.close();
  });

  /** A sync into zone B's store, planned to read from the S3 copy, made the way the reconciler makes one. */
  async function planSyncToZoneB(options: { placeInZoneB: boolean }) {
    await world.db.$transaction(async (tx) => {
      if (options.placeInZoneB) {
        await tx.dataObject.update({
          where: { id: objectId },
          data: { placement: 'chosen_zones', placements: { create: [{ zoneId: zones.a }, { zoneId: zones.b }] } },
        });
      }
      const object = await tx.dataObject.findUniqueOrThrow({ where: { id: objectId }, select: { id: true, name: true, sizeBytes: true } });
      await applyReconcileActions(tx, object, [{ type: 'copy', kind: 'sync', targetStoreId: nfsB.id, sourceStoreId: s3Id, replicaId: null }], 'test');
    });
  }

  it('every object store holds a copy, and the objects list shows each', async () => {
    const created = await registerObjectByUrl(world.ctx, {
      name: 'image',
      kind: 'template',
      format: 'qcow2',
      originZoneId: zones.a,
      placement: 'origin_only',
      url: files.url('/image.qcow2'),
    });
    objectId = created.objectId;
    const worker = world.worker();
    await worker.idle();
    await worker.stop();

    const detail = await getObject(world.ctx, { objectId });
    expect(detail.replicas.map((replica) => [replica.store.name, replica.state]).sort()).toEqual([
      ['nfs-a', 'ready'],
      ['s3-backup', 'ready'],
      ['swift-backup', 'ready'],
    ]);
    expect(detail.jobs.filter((job) => job.kind === 'backup').map((job) => [job.target?.name, job.source?.name, job.state]).sort()).toEqual([
      ['s3-backup', 'nfs-a', 'succeeded'],
      ['swift-backup', 'nfs-a', 'succeeded'],
    ]);
    const list = await listObjects(world.ctx);
    expect(list.objectStores.map((store) => store.name)).toEqual(['swift-backup', 's3-backup']);
    expect(list.objects[0]).toMatchObject({ status: 'in_sync', objectStores: { [swiftId]: { state: 'ready' }, [s3Id]: { state: 'ready' } } });
  });

  it('a sync planned from the object store that went down reads from the other one instead', async () => {
    await relay.cut();
    nfsB = await world.recordStore(zones.b, 'nfs-b');
    // Zone B is wanted too now, and its copy planned from the S3 copy, as the reconciler could have planned it a
    // moment before the S3 path went down (nothing knows it is down yet).
    await planSyncToZoneB({ placeInZoneB: true });
    const worker = world.worker();
    await worker.idle();
    await worker.stop();

    const sync = await world.db.job.findFirstOrThrow({ where: { kind: 'sync', targetStoreId: nfsB.id } });
    expect(sync).toMatchObject({ state: 'succeeded', attempts: 1, sourceStoreId: swiftId });
    expect(sha256(fs.readFileSync(path.join(nfsB.root, 'objects', objectId)))).toBe(sha256(image));
    expect(await world.db.store.findUniqueOrThrow({ where: { id: s3Id } })).toMatchObject({ lastProbeOk: false });
  });

  it('a copy whose source is known to be down is pointed at a healthy one when claimed, and staging reads from it too', async () => {
    await probeStore(world.ctx, { storeId: s3Id });
    await world.db.job.deleteMany({ where: { targetStoreId: nfsB.id } });
    await world.db.replica.deleteMany({ where: { storeId: nfsB.id } });
    fs.rmSync(path.join(nfsB.root, 'objects'), { recursive: true, force: true });
    await planSyncToZoneB({ placeInZoneB: false });
    await registerStore(world.ctx, { name: 'cache-s', provider: 'nfs', role: 'staging', zoneId: zones.s, capacityBytes: 64 * 1024 * 1024, config: { path: world.tempDir('cache-s') } });

    const worker = world.worker();
    const { lease } = await awaitLease(world.ctx, { objectId, zoneId: zones.s, holder: 'host-1' }, { waitMs: 30_000 });
    await worker.idle();
    await worker.stop();

    const sync = await world.db.job.findFirstOrThrow({ where: { kind: 'sync', targetStoreId: nfsB.id } });
    expect(sync).toMatchObject({ state: 'succeeded', attempts: 1, sourceStoreId: swiftId });
    const stage = await world.db.job.findFirstOrThrow({ where: { kind: 'stage' } });
    expect(stage).toMatchObject({ state: 'succeeded', sourceStoreId: swiftId });
    expect(lease.sha256).toBe(sha256(image));
  });
});
