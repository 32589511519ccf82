import fs from 'node:fs';
import path from 'node:path';
import { errors } from '@stowage/core';
import { STORE_MARKER_KEY } from '@stowage/providers';
import type { ServiceContext } from '../context';
import { registerStore } from '../stores/register-store';
import { createZone } from '../zones/create-zone';
import { seedDemoHistory } from './seed-demo-history';

/** The demo staging store's configured capacity: a small part of the history's footprint (~49 TiB, most of it one-off
 * objects): an LRU of this size hits ~59 % of the accesses. */
export const DEMO_STAGING_CAPACITY_BYTES = 400 * 1024 ** 3;

/**
 * On an empty database, creates two backup zones, each with a record NFS store in a folder under `dataDir`, and a
 * staging zone with a staging NFS store (configured capacity) and a generated 30-day access history for the
 * capacity planner, so the first screen shows real stores with real capacity. Does nothing when any zone exists.
 */
export async function seedDemo(ctx: ServiceContext, options: { dataDir: string }): Promise<boolean> {
  if ((await ctx.db.zone.count()) > 0) return false;
  await createDemo(ctx, options);
  return true;
}

/** The admin's "load demo data" on an empty installation: refused once anything exists. */
export async function loadDemo(ctx: ServiceContext, options: { dataDir: string }): Promise<void> {
  if ((await ctx.db.zone.count()) > 0) {
    throw errors.precondition('Demo data can only be loaded into an empty installation.');
  }
  await createDemo(ctx, options);
}

async function createDemo(ctx: ServiceContext, options: { dataDir: string }): Promise<void> {
  const demo = [
    { zone: 'zone-east', store: 'east-nfs-1', mode: 'backup', role: 'record', capacityBytes: null },
    { zone: 'zone-west', store: 'west-nfs-1', mode: 'backup', role: 'record', capacityBytes: null },
    { zone: 'zone-north', store: 'north-cache', mode: 'staging', role: 'staging', capacityBytes: DEMO_STAGING_CAPACITY_BYTES },
  ] as const;
  for (const { zone, store, mode, role, capacityBytes } of demo) {
    const dir = path.join(path.resolve(options.dataDir), 'demo-stores', store);
    fs.mkdirSync(dir, { recursive: true });
    // The demo's own folder: the marker of a store from an earlier database over this data directory goes.
    fs.rmSync(path.join(dir, STORE_MARKER_KEY), { force: true });
    const created = await createZone(ctx, { name: zone, mode });
    const registered = await registerStore(ctx, {
      name: store,
      provider: 'nfs',
      role,
      zoneId: created.id,
      capacityBytes,
      config: { path: dir },
    });
    if (role === 'staging') {
      await seedDemoHistory(ctx.db, { zoneId: created.id, storeId: registered.id, capacityBytes: DEMO_STAGING_CAPACITY_BYTES });
    }
  }
}
