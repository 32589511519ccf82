import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { errors, seededRandom } from '@stowage/core';
import { rollUpJobCounts, rollUpReplicaCounts } from '@stowage/db';
import type { ServiceContext } from '../../context';
import { seedDemoHistory } from '../seed-demo-history';
import { createClock } from './clock';
import { SEED_PEOPLE, type GenerateContext, type SeedWorker } from './generate-context';
import { generateBackgroundEvents } from './generate-events';
import { generateObject } from './generate-objects';
import { maybeStage, planStaging, writeCacheStats } from './generate-staging';
import { createIdMaker } from './ids';
import { WORKERS } from './rows';
import { createSeedTopology } from './topology';
import { createSeedWriter, type TableTally } from './writer';

export const seedScaleInput = z.object({
  objects: z.number().int('Objects: a whole number').min(1, 'At least 1 object').max(10_000_000, 'At most 10,000,000 objects').default(100_000),
  zones: z.number().int('Zones: a whole number').min(1, 'At least 1 zone').max(200, 'At most 200 zones').default(10),
  seed: z.number().int('The seed: a whole number').min(0).max(2 ** 31).default(1),
  /** Seed even though the database already has objects (the new zones, stores and names get a suffix). */
  force: z.boolean().default(false),
});

export interface SeedScaleOptions extends z.input<typeof seedScaleInput> {
  /** The NFS stores' folders go under `<dataDir>/scale-stores/`. */
  dataDir: string;
  /** The history ends here (default: now). */
  now?: Date;
  log?: (line: string) => void;
}

export interface SeedScaleReport {
  phases: { phase: string; seconds: number }[];
  tables: TableTally[];
  rows: number;
  accessHistoryRows: number;
}

/**
 * A large, realistic installation for benchmarks and for looking at the dashboard under load: zones (backup and
 * staging), their stores and a region object store; objects with copies in every replica state, their jobs in
 * every job state, live and released leases, a month of events and the staging zones' month of access history.
 * Deterministic for a seed and `now` (apart from a name suffix when forced onto a database that has zones).
 * Refuses a database that already has objects unless `force`.
 */
export async function seedScale(ctx: ServiceContext, options: SeedScaleOptions): Promise<SeedScaleReport> {
  const log = options.log ?? (() => undefined);
  const parsed = seedScaleInput.safeParse(options);
  if (!parsed.success) throw errors.invalid(parsed.error.issues.map((issue) => issue.message).join('; '));
  const { objects, zones, seed, force } = parsed.data;
  const existing = await ctx.db.dataObject.count();
  if (existing > 0 && !force) {
    throw errors.precondition(`The database already has ${existing} objects: seed an empty database, or pass --force to add another dataset beside them.`);
  }
  const runTag = (await ctx.db.zone.count()) > 0 ? randomBytes(2).toString('hex') : '';
  const random = seededRandom(seed);
  const clock = createClock(options.now ?? new Date(), random);
  const writer = createSeedWriter(ctx.db);
  const phases: SeedScaleReport['phases'] = [];
  const timed = async <T>(phase: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await work();
    const seconds = (performance.now() - started) / 1000;
    phases.push({ phase, seconds });
    log(`${phase}: ${seconds.toFixed(1)} s`);
    return result;
  };

  const topology = await timed('zones and stores', () => createSeedTopology(ctx, { dataDir: options.dataDir, zones, objects, runTag }));
  const workers: SeedWorker[] = Array.from({ length: Math.min(6, 2 + Math.ceil(zones / 3)) }, (_, index) => ({
    id: `worker-${runTag || 's'}-${index + 1}`,
    hostname: `stowage-worker-${String(index + 1).padStart(2, '0')}${runTag ? `-${runTag}` : ''}`,
  }));
  const gen: GenerateContext = { random, clock, id: createIdMaker(runTag || 's'), writer, topology, workers, people: SEED_PEOPLE, nameSuffix: runTag };
  for (const [index, worker] of workers.entries()) {
    writer.add(WORKERS, { id: worker.id, hostname: worker.hostname, pid: 4100 + index * 17, version: '0.0.0', zones: null, startedAt: clock.within(3 * 86_400_000), heartbeatAt: clock.within(2000), stoppedAt: null });
  }

  const staging = planStaging(gen, objects);
  await timed('objects, replicas, jobs, leases', async () => {
    const step = Math.max(1, Math.floor(objects / 10));
    for (let index = 0; index < objects; index++) {
      const settled = generateObject(gen, index);
      if (settled) maybeStage(gen, settled, staging);
      await writer.flushIfFull();
      if ((index + 1) % step === 0 && index + 1 < objects) log(`  ${index + 1} of ${objects} objects`);
    }
    await writer.flush();
  });
  await timed('events', async () => {
    await generateBackgroundEvents(gen, Math.max(50, Math.round(objects * 0.02)));
    for (const plan of staging) writeCacheStats(gen, plan);
    await writer.flush();
  });
  const accessHistoryRows = await timed('access history', async () => {
    let rows = 0;
    for (const [index, plan] of staging.entries()) {
      const summary = await seedDemoHistory(ctx.db, { zoneId: plan.zone.id, storeId: plan.zone.storeId, capacityBytes: Number(plan.capacity), seed: seed * 1000 + index, now: clock.now });
      rows += summary.accesses;
    }
    return rows;
  });
  // The count deltas (one per inserted replica and job) folded now, not by the first worker's janitor.
  await timed('replica counts', () => rollUpReplicaCounts(ctx.db, { maxBatches: Number.MAX_SAFE_INTEGER }));
  await timed('job counts', () => rollUpJobCounts(ctx.db, { maxBatches: Number.MAX_SAFE_INTEGER }));
  await timed('analyze', () => ctx.db.$executeRawUnsafe('ANALYZE'));
  const tables = writer.tallies();
  return { phases, tables, rows: tables.reduce((sum, tally) => sum + tally.rows, 0) + accessHistoryRows, accessHistoryRows };
}
