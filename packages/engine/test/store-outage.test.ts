/*
 * The object store goes away in the middle of a backup: the job goes back to the queue with a transient
 * error (without failing its replica), the store shows as down with a store.down event, and the job waits
 * without spending attempts. When Swift is back the store is up again, the backup succeeds with verified
 * bytes, and the zone that syncs from Swift gets its copy too.
 *
 * It starts a Swift of its own (the global one is shared with other test files; this one loses its proxy).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContainer, startSwiftServer, type SwiftServer } from '@stowage/object-store-server';
import { readVerified } from '@stowage/providers';
import { getStore, listStores, openStoreBackend, registerStore, updateStore } from '@stowage/services';
import { seededBytes } from '@stowage/test-support/seeded';
import { registerObjectByUrl, type Worker } from '../src';
import { createEngineWorld, type EngineWorld } from './support/engine-world';
import { startFileServer } from './support/file-server';

const MiB = 1024 * 1024;
const SIZE = 48 * MiB;
/** The Swift store's bandwidth limit: the backup lasts about 4 s, long enough to cut it in the middle. */
const RATE = 12 * MiB;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function hashFile(file: string) {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { size, sha256: hash.digest('hex') };
}

describe('object store outage in the middle of a backup', () => {
  let server: SwiftServer;
  let world: EngineWorld;
  let fileServer: Awaited<ReturnType<typeof startFileServer>>;
  let worker: Worker | undefined;
  const image = seededBytes(SIZE, 4242);
  const imageSha256 = createHash('sha256').update(image).digest('hex');
  let zones: { a: string; b: string };
  let nfsB: { id: string; root: string };
  let swiftId: string;

  beforeAll(async () => {
    server = await startSwiftServer();
    world = await createEngineWorld();
    fileServer = await startFileServer({ '/image.raw': image });
    zones = { a: await world.zone('zone-a'), b: await world.zone('zone-b') };
    await world.recordStore(zones.a, 'nfs-a');
    nfsB = await world.recordStore(zones.b, 'nfs-b');
    const container = `outage-${randomBytes(4).toString('hex')}`;
    await createContainer(server, container);
    const swift = await registerStore(world.ctx, {
      name: 'swift-outage',
      provider: 'swift',
      role: 'object',
      zoneId: null,
      config: { authUrl: server.authUrl, user: server.swift.user, key: server.swift.key, container, requestTimeoutSeconds: 5 },
    });
    swiftId = swift.id;
    await updateStore(world.ctx, { storeId: swiftId, bandwidthLimitBps: RATE });
    await world.allowLoopbackIngest();
  });

  afterAll(async () => {
    await worker?.stop();
    await world?.dispose();
    await fileServer?.close();
    await server?.stop();
  });

  it('retries the backup after Swift comes back, shows the store down meanwhile, and ends with verified bytes', async () => {
    const created = await registerObjectByUrl(world.ctx, {
      name: 'outage-image',
      kind: 'template',
      format: 'raw',
      originZoneId: zones.a,
      placement: 'all_zones',
      url: fileServer.url('/image.raw'),
    });
    worker = world.worker({ leaseMs: 5_000, downStoreProbeMs: 300 });

    // The backup to Swift is under way, a good part of the bytes sent.
    const running = await waitFor('the backup to be a quarter done', async () => {
      const job = await world.db.job.findFirst({ where: { objectId: created.objectId, kind: 'backup', state: 'running' } });
      return job && Number(job.bytesDone) >= SIZE / 4 ? job : null;
    });
    expect(Number(running.bytesDone)).toBeLessThan(SIZE);
    const cutAt = Date.now();
    await server.stopProxy();

    // Back to the queue with a transient error; the attempt was used, the replica did not fail.
    const requeued = await waitFor('the backup to go back to the queue', async () => {
      const job = await world.db.job.findUniqueOrThrow({ where: { id: running.id } });
      return job.state === 'queued' ? job : null;
    });
    console.log(
      `store-outage: proxy stopped at ${(Number(running.bytesDone) / MiB).toFixed(0)} MiB of ${SIZE / MiB}; ` +
        `job re-queued ${Date.now() - cutAt} ms later: ${requeued.error}`,
    );
    expect(requeued.errorKind).toBe('transient');
    expect(requeued.error).toBeTruthy();
    expect(requeued.attempts).toBe(1);
    const swiftReplica = await world.db.replica.findUniqueOrThrow({ where: { objectId_storeId: { objectId: created.objectId, storeId: swiftId } } });
    expect(swiftReplica.state).toBe('copying');
    expect(swiftReplica.error).toMatch(/^Retrying: /);

    // The store shows as down, and the outage is an event.
    await waitFor('the store to be down', async () => (await getStore(world.ctx, { storeId: swiftId })).state === 'down');
    const down = await getStore(world.ctx, { storeId: swiftId });
    expect(down.lastProbe?.ok).toBe(false);
    expect((await listStores(world.ctx)).find((store) => store.id === swiftId)?.state).toBe('down');
    const downEvent = await world.db.event.findFirst({ where: { storeId: swiftId, type: 'store.down' }, orderBy: { at: 'desc' } });
    expect(downEvent?.severity).toBe('error');

    // While it is down the job waits, past its backoff, without being claimed or spending attempts.
    await sleep(4_000);
    const waiting = await world.db.job.findUniqueOrThrow({ where: { id: running.id } });
    expect(waiting.state).toBe('queued');
    expect(waiting.runAfter.getTime()).toBeLessThan(Date.now());
    expect(waiting.attempts).toBe(1);
    expect((await getStore(world.ctx, { storeId: swiftId })).state).toBe('down');
    // Zone B syncs from Swift, so its copy has not started either.
    const bReplica = await world.db.replica.findFirst({ where: { objectId: created.objectId, storeId: nfsB.id } });
    expect(bReplica?.state ?? 'none').not.toBe('ready');

    // The limit only made the first attempt last long enough to be cut; the recovery runs at full speed.
    await updateStore(world.ctx, { storeId: swiftId, bandwidthLimitBps: null });
    const backAt = Date.now();
    await server.startProxy();
    await Promise.race([
      worker.idle(),
      sleep(60_000).then(() => {
        throw new Error('the work did not finish within 60 s of Swift coming back');
      }),
    ]);

    console.log(`store-outage: everything done ${Date.now() - backAt} ms after the proxy started again`);
    const store = await getStore(world.ctx, { storeId: swiftId });
    expect(store.state).toBe('up');
    const upEvent = await world.db.event.findFirst({ where: { storeId: swiftId, type: 'store.up' }, orderBy: { at: 'desc' } });
    expect(upEvent && downEvent && upEvent.at >= downEvent.at).toBe(true);

    const backup = await world.db.job.findUniqueOrThrow({ where: { id: running.id } });
    expect(backup.state).toBe('succeeded');
    expect(backup.attempts).toBe(2);
    const jobs = await world.db.job.findMany({ where: { objectId: created.objectId }, select: { kind: true, state: true } });
    expect(jobs.map((job) => `${job.kind}:${job.state}`).sort()).toEqual(['backup:succeeded', 'ingest:succeeded', 'sync:succeeded']);

    // The Swift copy is ready, and its bytes read back through the provider match.
    const replicas = await world.db.replica.findMany({ where: { objectId: created.objectId }, select: { storeId: true, state: true, location: true, verifiedSha256: true } });
    expect(replicas.map((replica) => replica.state)).toEqual(['ready', 'ready', 'ready']);
    const onSwift = replicas.find((replica) => replica.storeId === swiftId)!;
    expect(onSwift.verifiedSha256).toBe(imageSha256);
    const storeRow = await world.db.store.findUniqueOrThrow({ where: { id: swiftId } });
    const { backend } = openStoreBackend(world.ctx, storeRow);
    expect(await readVerified(backend, onSwift.location, { sha256: imageSha256, size: SIZE })).toEqual({ size: SIZE, sha256: imageSha256 });
    // And zone B's copy, synced from Swift after the outage.
    const onB = replicas.find((replica) => replica.storeId === nfsB.id)!;
    expect(await hashFile(path.join(nfsB.root, onB.location))).toEqual({ size: SIZE, sha256: imageSha256 });
  }, 120_000);
});
