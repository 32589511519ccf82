/* Moving an SQLite installation to PostgreSQL: every table of the schema copied and verified (rows, checksum),
 * the product's services reading the same data from both, a non-empty target refused, a tampered row caught —
 * through the library and through `pnpm admin move-to-postgres`. Needs the PostgreSQL of the global setup. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, moveToPostgres, Prisma, readJobCounts, readReplicaCounts, rollUpJobCounts, rollUpReplicaCounts, verifyMove, type Db } from '@stowage/db';
import { createTestDatabaseUrl, dropTestDatabase } from '@stowage/db/testing';
import { createAgentToken, createSecretBox, createUser, listObjects, listStores, listUsers, listZones, seedDemo, type ServiceContext } from '@stowage/services';
import { spawnScript } from '@stowage/test-support/script-process';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const MODELS = (Object.values(Prisma.ModelName) as string[]).sort();

let dataDir: string;
let sourceUrl: string;
let source: Db;
let ctx: ServiceContext;
const targets: string[] = [];

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-move-'));
  sourceUrl = await createTestDatabaseUrl({ kind: 'sqlite' });
  source = createDb({ url: sourceUrl });
  ctx = { db: source, secrets: createSecretBox(randomBytes(32)), actor: 'ada' };
  await populate(ctx, dataDir);
});
afterAll(async () => {
  await source?.$disconnect();
  for (const url of [sourceUrl, ...targets]) await dropTestDatabase(url).catch(() => {});
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function emptyTarget(): Promise<string> {
  const url = await createTestDatabaseUrl({ kind: 'postgres' });
  targets.push(url);
  return url;
}

/** The demo, people, tokens, jobs, events, leases, cache statistics… a row in every table, with awkward values. */
async function populate(ctx: ServiceContext, dir: string) {
  const { db } = ctx;
  await seedDemo(ctx, { dataDir: dir });
  const [zone] = await db.zone.findMany({ orderBy: { name: 'asc' } });
  const [store] = await db.store.findMany({ orderBy: { name: 'asc' } });
  const staging = await db.store.create({
    data: { name: 'Stagé ✓', nameKey: 'stagé ✓', provider: 'nfs', role: 'staging', zoneId: zone!.id, config: '{"path":"/srv/x"}', capacityBytes: 9_007_199_254_740_993n, overcommitFactor: 1.1, lastProbeOk: false, lastProbeAt: new Date('2026-12-01T10:00:00.123Z') },
  });
  const object = await db.dataObject.create({
    data: { name: 'ubuntu-24.04', nameKey: 'ubuntu-24.04', kind: 'template', format: 'qcow2', originType: 'url', originUrl: 'https://example.com/u.qcow2', sizeBytes: 4_294_967_297n, placement: 'chosen_zones', needsReconcile: false, originZoneId: zone!.id },
  });
  await db.placementZone.create({ data: { objectId: object.id, zoneId: zone!.id } });
  const replica = await db.replica.create({ data: { objectId: object.id, storeId: staging.id, state: 'copying', location: 'objects/u', pinned: true, bytesDone: 4_294_967_297n } });
  // Its copy rolled up into ReplicaStateCount; its becoming ready stays pending in ReplicaCountDelta.
  await rollUpReplicaCounts(db);
  await db.replica.update({ where: { id: replica.id }, data: { state: 'ready', readyAt: new Date() } });
  await db.lease.create({ data: { replicaId: replica.id, holder: 'hv-1', expiresAt: new Date(Date.now() + 60_000), tokenName: null } });
  await db.reservation.create({ data: { storeId: staging.id, replicaId: replica.id, bytes: 1n << 40n, state: 'held', heldAt: new Date() } });
  const job = await db.job.create({ data: { kind: 'sync', objectId: object.id, replicaId: replica.id, targetStoreId: store!.id, state: 'queued', cancelRequested: true, bytesTotal: 10n } });
  // Queued rolled up into JobStateCount; running stays pending in JobCountDelta.
  await rollUpJobCounts(db);
  await db.job.update({ where: { id: job.id }, data: { state: 'running' } });
  await db.event.create({ data: { actor: 'ada', type: 'object.registered', message: 'a "quoted" message\nwith a newline', objectId: object.id, jobId: job.id, zoneId: zone!.id } });
  await db.lock.create({ data: { name: 'reconciler', ownerId: 'w1', expiresAt: new Date() } });
  await db.cacheStat.create({ data: { storeId: staging.id, minute: new Date('2026-12-01T10:01:00.000Z'), hits: 3, bytesStaged: 123n } });
  const { user } = await createUser(ctx, { username: 'Grace', role: 'operator' });
  await db.user.update({ where: { id: user.id }, data: { disabled: true, lastSignInAt: new Date() } });
  await db.session.create({ data: { id: 's1', token: 't1', userId: user.id, expiresAt: new Date(Date.now() + 3600_000) } });
  await db.verification.create({ data: { id: 'v1', identifier: 'x', value: 'y', expiresAt: new Date() } });
  await db.signInThrottle.create({ data: { key: 'user:grace', failures: 2, windowStartAt: new Date() } });
  await createAgentToken(ctx, { name: 'fleet', scopes: ['acquire', 'renew'], expiresInDays: 30 });
  await db.worker.create({ data: { id: 'w1', hostname: 'h1', pid: 42, version: '1', zones: '["zone-east"]', heartbeatAt: new Date() } });
  await db.workerStoreHealth.create({ data: { workerId: 'w1', storeId: store!.id, ok: false, error: 'no mount', checkedAt: new Date() } });
  await db.jobClaim.create({ data: { jobId: job.id, workerId: 'w1', attempt: 1, claimedAt: new Date() } });
  // A time as a migration default writes it (CURRENT_TIMESTAMP, UTC, no zone), beside Prisma's own format.
  await db.$executeRawUnsafe(`INSERT INTO "Setting" ("key", "value", "updatedAt") VALUES ('raw.time', '"x"', '2026-11-30 23:59:59')`);
}

async function counts(db: Db): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const model of MODELS) {
    const delegate = (db as unknown as Record<string, { count(): Promise<number> }>)[model[0]!.toLowerCase() + model.slice(1)]!;
    result[model] = await delegate.count();
  }
  return result;
}

describe('moving to PostgreSQL', () => {
  let target: string;
  let firstReport: Awaited<ReturnType<typeof moveToPostgres>>;

  it('copies every table of the schema, verifies rows and checksums, and the services read the same data', async () => {
    const before = await counts(source);
    for (const model of MODELS) expect(before[model], `rows in ${model} before the move`).toBeGreaterThanOrEqual(1);

    target = await emptyTarget();
    firstReport = await moveToPostgres({ from: sourceUrl, to: target });
    expect(firstReport.tables.filter((table) => !table.ok)).toEqual([]);
    expect(firstReport.ok).toBe(true);
    // Every model is copied: a model added to the schema and forgotten by the move fails here.
    expect(firstReport.tables.map((table) => table.table).sort()).toEqual(MODELS);
    for (const table of firstReport.tables) {
      expect(table, table.table).toMatchObject({ sourceRows: before[table.table], targetRows: before[table.table], ok: true });
    }

    const moved = createDb({ url: target });
    try {
      expect(await counts(moved)).toEqual(before);
      // The counts per state arrive as they were, not once more by Replica's triggers during the copy.
      const replicaCounts = await readReplicaCounts(source);
      expect(replicaCounts.reduce((sum, row) => sum + row.count, 0)).toBe(before.Replica);
      expect(await readReplicaCounts(moved)).toEqual(replicaCounts);
      // …and the triggers are on again once the copy is done.
      expect(await moved.$queryRawUnsafe(`SELECT tgenabled::text AS enabled FROM pg_trigger WHERE tgname = 'Replica_count_delta'`)).toEqual([{ enabled: 'O' }]);
      const jobCounts = await readJobCounts(source);
      expect(jobCounts.reduce((sum, row) => sum + row.count, 0)).toBe(before.Job);
      expect(await readJobCounts(moved)).toEqual(jobCounts);
      expect(await moved.$queryRawUnsafe(`SELECT tgenabled::text AS enabled FROM pg_trigger WHERE tgname = 'Job_count_delta'`)).toEqual([{ enabled: 'O' }]);
      const there = { ...ctx, db: moved };
      expect(await listZones(there)).toEqual(await listZones(ctx));
      expect(await listStores(there)).toEqual(await listStores(ctx));
      expect(await listObjects(there)).toEqual(await listObjects(ctx));
      expect(await listUsers(there)).toEqual(await listUsers(ctx));
      // Types converted, not just carried: booleans, big integers, times to the millisecond.
      const staging = await moved.store.findFirstOrThrow({ where: { name: 'Stagé ✓' } });
      expect(staging).toMatchObject({ capacityBytes: 9_007_199_254_740_993n, lastProbeOk: false, overcommitFactor: 1.1, lastProbeAt: new Date('2026-12-01T10:00:00.123Z') });
      expect((await moved.replica.findFirstOrThrow()).pinned).toBe(true);
      expect((await moved.setting.findUniqueOrThrow({ where: { key: 'raw.time' } })).updatedAt).toEqual(new Date('2026-11-30T23:59:59.000Z'));
    } finally {
      await moved.$disconnect();
    }
  });

  it('refuses a target that holds any row, and changes nothing there', async () => {
    const client = new pg.Client({ connectionString: target });
    await client.connect();
    try {
      const snapshot = async () => (await client.query(`SELECT count(*)::int AS n, max("at")::text AS last FROM "Event"`)).rows[0];
      const before = await snapshot();
      await expect(moveToPostgres({ from: sourceUrl, to: target })).rejects.toThrow(/is not empty \(rows in .*Zone.*\).*Nothing was changed/);
      expect(await snapshot()).toEqual(before);
      expect(await verifyMove({ from: sourceUrl, to: target })).toEqual(firstReport.tables);

      // One row anywhere is enough to refuse.
      const lone = await emptyTarget();
      const other = new pg.Client({ connectionString: lone });
      await other.connect();
      await other.query(`INSERT INTO "CacheGeneration" ("name", "generation", "updatedAt") VALUES ('agent-tokens', 1, now())`);
      await other.end();
      await expect(moveToPostgres({ from: sourceUrl, to: lone })).rejects.toThrow(/rows in CacheGeneration/);
    } finally {
      await client.end();
    }
  });

  it('the verify step catches a row changed, removed or added on the target', async () => {
    const client = new pg.Client({ connectionString: target });
    await client.connect();
    try {
      await client.query(`UPDATE "Replica" SET "pinned" = false`);
      let checks = await verifyMove({ from: sourceUrl, to: target });
      expect(checks.filter((check) => !check.ok).map((check) => check.table)).toEqual(['Replica']);
      await client.query(`UPDATE "Replica" SET "pinned" = true`);
      expect((await verifyMove({ from: sourceUrl, to: target })).every((check) => check.ok)).toBe(true);

      await client.query(`UPDATE "Lease" SET "expiresAt" = "expiresAt" + interval '1 millisecond'`);
      await client.query(`DELETE FROM "Verification"`);
      checks = await verifyMove({ from: sourceUrl, to: target });
      expect(checks.filter((check) => !check.ok).map((check) => check.table).sort()).toEqual(['Lease', 'Verification']);
      expect(checks.find((check) => check.table === 'Verification')).toMatchObject({ sourceRows: 1, targetRows: 0 });
    } finally {
      await client.end();
    }
  });
});

describe('pnpm admin move-to-postgres', () => {
  async function admin(env: NodeJS.ProcessEnv, ...args: string[]) {
    let stdout = '';
    const lines: string[] = [];
    const run = spawnScript(MAIN, { args, env: { ...process.env, ...env }, onLine: (line) => lines.push(line) });
    run.child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    const { code } = await run.exited;
    return { code, stdout, output: lines.join('\n') };
  }

  it('moves the installation’s own database, prints a line per table, and refuses to move twice', async () => {
    const target = await emptyTarget();
    const env = { STOWAGE_DATA_DIR: dataDir, DATABASE_URL: sourceUrl, STOWAGE_SECRET_KEY: randomBytes(32).toString('base64') };
    const moved = await admin(env, 'move-to-postgres', '--to', target);
    expect(moved.output).not.toContain('MISMATCH');
    expect(moved.code).toBe(0);
    const rows = moved.stdout.trim().split('\n').slice(1);
    expect(rows.map((row) => row.split(/\s+/)[0]).sort()).toEqual(MODELS);
    for (const row of rows) expect(row).toMatch(/\s\d+\s+ok$/);

    const again = await admin(env, 'move-to-postgres', '--to', target);
    expect(again.code).toBe(1);
    expect(again.output).toMatch(/is not empty/);

    const usage = await admin(env, 'move-to-postgres');
    expect(usage.code).toBe(2);
  });
});
