import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awaitLease, getCacheView, registerStore, releaseLease, runJanitor, stagingSpace, tryAcquire, verifyObject } from '@stowage/services';
import { registerObjectByUrl } from '../src';
import { createEngineWorld, type EngineWorld } from './support/engine-world';
import { sha256, startFileServer, testBytes } from './support/file-server';

describe('the staging cache: object store of record, a bounded NFS cache per zone', () => {
  let world: EngineWorld;
  let files: Awaited<ReturnType<typeof startFileServer>>;
  const MiB = 1024 * 1024;
  const image = testBytes(3 * MiB, 3);
  let zoneId: string;
  let objectId: string;

  beforeAll(async () => {
    world = await createEngineWorld();
    files = await startFileServer({ '/a': image, '/b': testBytes(3 * MiB, 4) });
    await world.allowLoopbackIngest();
    await world.swiftObjectStore('swift');
    zoneId = await world.zone('edge', 'staging');
    await registerStore(world.ctx, { name: 'edge-cache', provider: 'nfs', role: 'staging', zoneId, capacityBytes: 5 * MiB, config: { path: world.tempDir('edge-cache') } });
    const created = await registerObjectByUrl(world.ctx, { name: 'cirros', kind: 'template', format: 'qcow2', originZoneId: zoneId, placement: 'all_zones', url: files.url('/a') });
    objectId = created.objectId;
    const worker = world.worker();
    await worker.idle();
    await worker.stop();
  });
  afterAll(async () => {
    await world?.dispose();
    await files?.close();
  });

  it('ten simultaneous acquires of a missing object make one copy, and all get leases on the same file', async () => {
    const worker = world.worker();
    const grants = await Promise.all(
      Array.from({ length: 10 }, (_, index) => awaitLease(world.ctx, { objectId, zoneId, holder: `host-${index}`, ttlSeconds: 60 }, { waitMs: 30_000, pollMs: 50 })),
    );
    await worker.stop();
    expect(await world.db.job.count({ where: { kind: 'stage' } })).toBe(1);
    expect(new Set(grants.map((grant) => grant.lease.location)).size).toBe(1);
    expect(new Set(grants.map((grant) => grant.lease.leaseId)).size).toBe(10);
    expect(sha256(fs.readFileSync(grants[0]!.lease.location))).toBe(sha256(image));
    for (const grant of grants) await releaseLease(world.ctx, { leaseId: grant.lease.leaseId });

    // Every acquire counts once: the nine that joined the copy in flight are misses too, never left out.
    const after = await tryAcquire(world.ctx, { objectId, zoneId, holder: 'host-later', ttlSeconds: 60 });
    expect(after).toMatchObject({ status: 'leased', hit: true });
    if (after.status === 'leased') await releaseLease(world.ctx, { leaseId: after.lease.leaseId });
    // Which of the ten came before the copy finished depends on timing (on PostgreSQL a conflicting acquire is
    // run again, and may find the copy done): the first is a miss, every one after it a joined miss or a hit.
    const { totals } = await getCacheView(world.ctx, { zoneId });
    expect(totals.hits + totals.misses).toBe(11);
    expect(totals.misses).toBeGreaterThanOrEqual(1);
    expect(totals.joined).toBe(totals.misses - 1);
    expect(totals.hitRatio).toBeCloseTo(totals.hits / 11, 10);
  });

  it('a holder that stops renewing loses its lease, and its entry becomes evictable', async () => {
    const outcome = await tryAcquire(world.ctx, { objectId, zoneId, holder: 'silent-host', ttlSeconds: 10 });
    expect(outcome.status).toBe('leased');
    const entry = await world.db.replica.findFirstOrThrow({ where: { objectId, store: { role: 'staging' } } });
    const later = new Date(Date.now() + 11_000);
    await expect(
      world.db.replica.count({ where: { id: entry.id, state: 'ready', leases: { none: { releasedAt: null, expiresAt: { gt: later } } } } }),
    ).resolves.toBe(1);
    const janitor = await runJanitor(world.ctx, { now: later });
    expect(janitor.leasesExpired).toBe(1);
    const lease = await world.db.lease.findFirstOrThrow({ where: { holder: 'silent-host' } });
    expect(lease).toMatchObject({ endReason: 'expired' });
  });

  it('a corrupt entry found by verification is evicted and staged again on the next acquire; while leased it only stops being handed out', async () => {
    const first = await awaitLease(world.ctx, { objectId, zoneId, holder: 'reader', ttlSeconds: 60 }, { waitMs: 30_000, pollMs: 50 });
    const entry = await world.db.replica.findFirstOrThrow({ where: { objectId, store: { role: 'staging' } }, include: { store: true } });
    fs.writeFileSync(first.lease.location, Buffer.alloc(image.length, 7));

    // Leased: not deleted under its reader, not leased to anyone new, its bytes still counted.
    await verifyObject(world.ctx, { objectId, replicaId: entry.id });
    let worker = world.worker();
    await worker.idle();
    await worker.stop();
    expect(await world.db.replica.findUniqueOrThrow({ where: { id: entry.id } })).toMatchObject({ state: 'failed', error: expect.stringMatching(/corrupt/) });
    expect(fs.existsSync(first.lease.location)).toBe(true);
    expect((await stagingSpace(world.db, entry.store)).usedBytes).toBe(image.length);
    await runJanitor(world.ctx);
    expect(fs.existsSync(first.lease.location)).toBe(true);

    // Released: the next acquire stages a good copy again.
    await releaseLease(world.ctx, { leaseId: first.lease.leaseId });
    worker = world.worker();
    const again = await awaitLease(world.ctx, { objectId, zoneId, holder: 'reader', ttlSeconds: 60 }, { waitMs: 30_000, pollMs: 50 });
    expect(again.hit).toBe(false);
    expect(sha256(fs.readFileSync(again.lease.location))).toBe(sha256(image));
    await releaseLease(world.ctx, { leaseId: again.lease.leaseId });

    // Not leased: evicted at once, with the reason, and the bytes go.
    fs.writeFileSync(again.lease.location, Buffer.alloc(image.length, 9));
    await verifyObject(world.ctx, { objectId, replicaId: entry.id });
    await worker.idle();
    await worker.stop();
    expect(fs.existsSync(again.lease.location)).toBe(false);
    const evicted = await world.db.event.findFirstOrThrow({ where: { type: 'cache.evicted', objectId }, orderBy: { at: 'desc' } });
    expect(evicted.message).toMatch(/evicted from edge-cache: verification found it corrupt/);
    const stat = await world.db.cacheStat.aggregate({ where: { storeId: entry.storeId }, _sum: { evictedFailed: true } });
    expect(stat._sum.evictedFailed).toBeGreaterThanOrEqual(1);
  });
});
