import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDb, DEFAULT_MIGRATIONS_DIR, type Db } from '@stowage/db';
import { DEMO_STAGING_CAPACITY_BYTES, seedDemo } from '../src/demo/seed-demo';
import { defaultDatabaseUrl, loadSecretKey, prepareDataDir } from '../src/runtime/prepare-data-dir';
import { createSecretBox } from '../src/secrets';

const TIMEOUT = { timeout: 20_000 };

const roots: string[] = [];
const clients: Db[] = [];

/** A temp root; the data directory itself is created by the code under test, below it. */
function tempRoot(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-datadir-'));
  roots.push(dir);
  return dir;
}

function openDb(url: string): Db {
  const db = createDb({ url });
  clients.push(db);
  return db;
}

afterEach(async () => {
  for (const db of clients.splice(0)) await db.$disconnect();
  for (const dir of roots.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function committedMigrations(): string[] {
  return fs
    .readdirSync(DEFAULT_MIGRATIONS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

describe('prepareDataDir', TIMEOUT, () => {
  it('creates the data directory, the database and secret.key (mode 0600) and applies every migration', async () => {
    const dataDir = path.join(tempRoot(), 'nested', 'data');
    const { url, migrations } = await prepareDataDir({ dataDir });

    expect(url).toBe(defaultDatabaseUrl(dataDir));
    expect(url).toBe(`file:${path.join(dataDir, 'stowage.db')}`);
    expect(fs.statSync(path.join(dataDir, 'stowage.db')).isFile()).toBe(true);

    const keyFile = path.join(dataDir, 'secret.key');
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(keyFile, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);

    expect(committedMigrations().length).toBeGreaterThan(0);
    expect(migrations).toEqual({ applied: committedMigrations(), alreadyApplied: [] });
  });

  it('is idempotent: a second run applies 0 migrations, keeps the key and the data', async () => {
    const dataDir = path.join(tempRoot(), 'data');
    const first = await prepareDataDir({ dataDir });
    const key = fs.readFileSync(path.join(dataDir, 'secret.key'), 'utf8');
    const db = openDb(first.url);
    await db.zone.create({ data: { name: 'survives', nameKey: 'survives' } });
    await db.$disconnect();

    const second = await prepareDataDir({ dataDir });
    expect(second.url).toBe(first.url);
    expect(second.migrations.applied).toEqual([]);
    expect(second.migrations.alreadyApplied).toEqual(first.migrations.applied);
    expect(fs.readFileSync(path.join(dataDir, 'secret.key'), 'utf8')).toBe(key);

    const again = openDb(second.url);
    expect((await again.zone.findMany()).map((zone) => zone.name)).toEqual(['survives']);
  });

  it('recomputes the name keys SQL folded only in ASCII (as the migration that added them did)', async () => {
    const dataDir = path.join(tempRoot(), 'data');
    const db = openDb((await prepareDataDir({ dataDir })).url);
    await db.zone.create({ data: { name: 'Zürich', nameKey: 'zürich' } });
    await db.zone.create({ data: { name: 'ZÜRICH', nameKey: 'zÜrich' } });
    await db.$disconnect();

    await prepareDataDir({ dataDir });
    const zones = await openDb(defaultDatabaseUrl(dataDir)).zone.findMany({ orderBy: { createdAt: 'asc' }, select: { id: true, name: true, nameKey: true } });
    expect(zones).toEqual([
      { id: zones[0]!.id, name: 'Zürich', nameKey: 'zürich' },
      { id: zones[1]!.id, name: 'ZÜRICH', nameKey: `zürich#${zones[1]!.id}` },
    ]);
  });

  it('produces a database the client can use (the schema is in place)', async () => {
    const { url } = await prepareDataDir({ dataDir: path.join(tempRoot(), 'data') });
    const db = openDb(url);
    expect(await db.zone.count()).toBe(0);
    expect(await db.store.count()).toBe(0);
    expect(await db.event.count()).toBe(0);
  });

  it('honours an explicit databaseUrl', async () => {
    const root = tempRoot();
    const dataDir = path.join(root, 'data');
    const file = path.join(root, 'elsewhere', 'custom.db');
    const { url, migrations } = await prepareDataDir({ dataDir, databaseUrl: `file:${file}` });
    expect(url).toBe(`file:${file}`);
    expect(fs.existsSync(file)).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'stowage.db'))).toBe(false);
    expect(migrations.applied).toEqual(committedMigrations());
    expect(fs.existsSync(path.join(dataDir, 'secret.key'))).toBe(true);
  });

  it('with a key from the environment, writes no secret.key', async () => {
    const dataDir = path.join(tempRoot(), 'data');
    await prepareDataDir({ dataDir, keyFromEnv: randomBytes(32).toString('hex') });
    expect(fs.existsSync(path.join(dataDir, 'stowage.db'))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'secret.key'))).toBe(false);
  });

  it('refuses a malformed key from the environment before touching the database', async () => {
    const dataDir = path.join(tempRoot(), 'data');
    await expect(prepareDataDir({ dataDir, keyFromEnv: 'not-a-key' })).rejects.toThrow(/32 bytes/);
    expect(fs.existsSync(path.join(dataDir, 'stowage.db'))).toBe(false);
  });
});

describe('loadSecretKey', () => {
  it('creates <dataDir>/secret.key on first use and returns the same key afterwards', () => {
    const dataDir = path.join(tempRoot(), 'data');
    const first = loadSecretKey({ dataDir });
    expect(first).toHaveLength(32);
    expect(fs.statSync(path.join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
    const second = loadSecretKey({ dataDir });
    expect(second.equals(first)).toBe(true);
    expect(fs.readFileSync(path.join(dataDir, 'secret.key'), 'utf8').trim()).toBe(first.toString('hex'));
  });

  it('a key loaded again opens what was sealed with it', () => {
    const dataDir = tempRoot();
    const sealed = createSecretBox(loadSecretKey({ dataDir })).seal({ password: 'p' });
    expect(createSecretBox(loadSecretKey({ dataDir })).open(sealed)).toEqual({ password: 'p' });
  });

  it('honours a hex key from the environment over the key file', () => {
    const dataDir = tempRoot();
    const fileKey = loadSecretKey({ dataDir });
    const envKey = randomBytes(32);
    const loaded = loadSecretKey({ dataDir, keyFromEnv: envKey.toString('hex') });
    expect(loaded.equals(envKey)).toBe(true);
    expect(loaded.equals(fileKey)).toBe(false);
  });

  it('honours a base64 key from the environment', () => {
    const envKey = randomBytes(32);
    const dataDir = tempRoot();
    expect(loadSecretKey({ dataDir, keyFromEnv: envKey.toString('base64') }).equals(envKey)).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'secret.key'))).toBe(false);
  });

  it('an empty environment value falls back to the key file', () => {
    const dataDir = tempRoot();
    const fileKey = loadSecretKey({ dataDir });
    expect(loadSecretKey({ dataDir, keyFromEnv: '' }).equals(fileKey)).toBe(true);
  });

  it('reads a key file written by an admin (with a trailing newline)', () => {
    const dataDir = tempRoot();
    const key = randomBytes(32);
    fs.writeFileSync(path.join(dataDir, 'secret.key'), `${key.toString('base64')}\n`, { mode: 0o600 });
    expect(loadSecretKey({ dataDir }).equals(key)).toBe(true);
  });

  it('refuses a corrupt key file instead of replacing it', () => {
    const dataDir = tempRoot();
    fs.writeFileSync(path.join(dataDir, 'secret.key'), 'garbage\n', { mode: 0o600 });
    expect(() => loadSecretKey({ dataDir })).toThrow(/32 bytes/);
    expect(fs.readFileSync(path.join(dataDir, 'secret.key'), 'utf8')).toBe('garbage\n');
  });

  it('refuses a malformed key from the environment', () => {
    expect(() => loadSecretKey({ dataDir: tempRoot(), keyFromEnv: 'abc' })).toThrow(/32 bytes/);
  });
});

describe('seedDemo', TIMEOUT, () => {
  async function prepared() {
    const dataDir = path.join(tempRoot(), 'data');
    const { url } = await prepareDataDir({ dataDir });
    const db = openDb(url);
    const ctx = { db, secrets: createSecretBox(loadSecretKey({ dataDir })), actor: 'system:demo' };
    return { dataDir, db, ctx };
  }

  it('on an empty database creates 2 backup zones with an nfs store of record and a staging zone with an nfs staging store, inside the data directory', async () => {
    const { dataDir, db, ctx } = await prepared();
    expect(await seedDemo(ctx, { dataDir })).toBe(true);

    const zones = await db.zone.findMany({ orderBy: { name: 'asc' }, include: { stores: true } });
    expect(zones.map((zone) => [zone.name, zone.mode])).toEqual([
      ['zone-east', 'backup'],
      ['zone-north', 'staging'],
      ['zone-west', 'backup'],
    ]);
    for (const zone of zones) {
      expect(zone.stores).toHaveLength(1);
      const store = zone.stores[0]!;
      expect(store).toMatchObject({
        provider: 'nfs',
        role: zone.mode === 'staging' ? 'staging' : 'record',
        capacityBytes: zone.mode === 'staging' ? BigInt(DEMO_STAGING_CAPACITY_BYTES) : null,
        adminState: 'active',
        lastProbeOk: true,
      });
      const config = JSON.parse(store.config) as { path: string };
      expect(config.path).toBe(path.join(dataDir, 'demo-stores', store.name));
      expect(config.path.startsWith(`${path.resolve(dataDir)}${path.sep}`)).toBe(true);
      expect(fs.statSync(config.path).isDirectory()).toBe(true);
      expect(Number(store.probedTotalBytes)).toBeGreaterThan(0);
    }
    expect(zones.flatMap((zone) => zone.stores.map((store) => store.name))).toEqual([
      'east-nfs-1',
      'north-cache',
      'west-nfs-1',
    ]);
    const events = await db.event.findMany({ where: { actor: 'system:demo' } });
    expect(events.map((event) => event.type).sort()).toEqual([
      'store.registered',
      'store.registered',
      'store.registered',
      'zone.created',
      'zone.created',
      'zone.created',
    ]);
    // The access history is the staging zone's only (the backup zones start with none).
    const north = zones.find((zone) => zone.name === 'zone-north')!;
    expect(await db.cacheAccess.count({ where: { zoneId: north.id, storeId: north.stores[0]!.id } })).toBeGreaterThan(40_000);
    expect(await db.cacheAccess.count({ where: { zoneId: { not: north.id } } })).toBe(0);
  });

  it('returns false on the second call and creates nothing more', async () => {
    const { dataDir, db, ctx } = await prepared();
    expect(await seedDemo(ctx, { dataDir })).toBe(true);
    const accesses = await db.cacheAccess.count();
    expect(await seedDemo(ctx, { dataDir })).toBe(false);
    expect(await db.zone.count()).toBe(3);
    expect(await db.store.count()).toBe(3);
    expect(await db.cacheAccess.count()).toBe(accesses);
  });

  it('does nothing on a database that already has a zone', async () => {
    const { dataDir, db, ctx } = await prepared();
    await db.zone.create({ data: { name: 'mine', nameKey: 'mine' } });
    expect(await seedDemo(ctx, { dataDir })).toBe(false);
    expect(await db.store.count()).toBe(0);
    expect(await db.cacheAccess.count()).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'demo-stores'))).toBe(false);
  });

  it('works again on a fresh database over the same data directory (demo folders already exist)', async () => {
    const { dataDir, ctx } = await prepared();
    expect(await seedDemo(ctx, { dataDir })).toBe(true);
    const url = `file:${path.join(dataDir, 'second.db')}`;
    await prepareDataDir({ dataDir, databaseUrl: url });
    const db = openDb(url);
    expect(await seedDemo({ ...ctx, db }, { dataDir })).toBe(true);
    expect(await db.store.count()).toBe(3);
  });
});
