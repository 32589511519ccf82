import fs from 'node:fs';
import path from 'node:path';
import { nameKey } from '@stowage/core';
import { STORE_MARKER_KEY } from '@stowage/providers';
import type { ServiceContext } from '../../context';
import { registerStore } from '../../stores/register-store';
import { createZone } from '../../zones/create-zone';
import { siteName } from './names';
import { MEAN_OBJECT_BYTES } from './sizes';

const GiB = 1024 ** 3;

export interface SeedZone {
  id: string;
  name: string;
  mode: 'backup' | 'staging';
  /** The zone's record store (backup zones) or staging store (staging zones). */
  storeId: string;
  storeName: string;
  /** Staging stores only. */
  capacityBytes: bigint | null;
}

export interface SeedTopology {
  zones: SeedZone[];
  backupZones: SeedZone[];
  stagingZones: SeedZone[];
  objectStore: { id: string; name: string };
}

/** About 30 % of the zones run in staging mode (none of one zone, one of two); the rest keep backups. */
export function stagingZoneCount(zones: number): number {
  if (zones < 2) return 0;
  return Math.max(1, Math.round(zones * 0.3));
}

/**
 * The zones and stores, through the same operations an admin uses (createZone, registerStore: real NFS folders
 * under `<dataDir>/scale-stores/`, each with its marker, so the probe finds its own store and nothing to repair),
 * and one region-wide S3 object store written directly: its endpoint is fictitious, so registration's live check
 * could not pass; it is recorded as last probed healthy. Staging stores are sized to hold a few per cent of the
 * objects, so the generated entries sit between the watermarks.
 */
export async function createSeedTopology(
  ctx: ServiceContext,
  options: { dataDir: string; zones: number; objects: number; runTag: string },
): Promise<SeedTopology> {
  const suffix = options.runTag ? `-${options.runTag}` : '';
  const stagingFrom = options.zones - stagingZoneCount(options.zones);
  const capacityBytes = BigInt(Math.max(50, Math.round((options.objects * MEAN_OBJECT_BYTES * 0.035) / GiB))) * BigInt(GiB);
  const zones: SeedZone[] = [];
  for (let index = 0; index < options.zones; index++) {
    const site = siteName(index);
    const mode = index >= stagingFrom ? 'staging' : 'backup';
    const zone = await createZone(ctx, { name: `zone-${site}${suffix}`, mode });
    const storeName = mode === 'staging' ? `${site}-cache-01${suffix}` : `${site}-nfs-01${suffix}`;
    const dir = path.join(path.resolve(options.dataDir), 'scale-stores', storeName);
    fs.mkdirSync(dir, { recursive: true });
    // A folder of an earlier seed over this data directory: its marker names a store of another database.
    fs.rmSync(path.join(dir, STORE_MARKER_KEY), { force: true });
    const store = await registerStore(ctx, {
      name: storeName,
      provider: 'nfs',
      role: mode === 'staging' ? 'staging' : 'record',
      zoneId: zone.id,
      capacityBytes: mode === 'staging' ? Number(capacityBytes) : null,
      config: { path: dir },
    });
    if (mode === 'staging') {
      await ctx.db.store.update({ where: { id: store.id }, data: { highWatermarkPct: 90, lowWatermarkPct: 75, reservationPolicy: 'overcommit' } });
    }
    zones.push({ id: zone.id, name: zone.name, mode, storeId: store.id, storeName, capacityBytes: mode === 'staging' ? capacityBytes : null });
  }

  const objectStoreName = `region-s3-01${suffix}`;
  const now = new Date();
  const objectStore = await ctx.db.store.create({
    data: {
      name: objectStoreName,
      nameKey: nameKey(objectStoreName),
      provider: 's3',
      role: 'object',
      zoneId: null,
      config: JSON.stringify({
        endpoint: 'https://s3.region-1.example.invalid',
        region: 'region-1',
        bucket: 'stowage-images',
        prefix: `scale${suffix}/`,
        accessKeyId: 'AKIASCALESEED0000001',
        forcePathStyle: true,
        partSizeMiB: 64,
        queueSize: 4,
        requestTimeoutSeconds: 30,
      }),
      secretsSealed: ctx.secrets.seal({ secretAccessKey: 'scale-seed-not-a-real-secret' }),
      maxConcurrentTransfers: 16,
      lastProbeAt: now,
      lastProbeOk: true,
      lastProbeLatencyMs: 18,
      probedTotalBytes: null,
      probedFreeBytes: null,
    },
    select: { id: true, name: true },
  });

  return {
    zones,
    backupZones: zones.filter((zone) => zone.mode === 'backup'),
    stagingZones: zones.filter((zone) => zone.mode === 'staging'),
    objectStore,
  };
}
