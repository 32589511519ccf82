import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awaitLease, registerStore, releaseLease, runJanitor, tryAcquire } from '@stowage/services';
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
});
