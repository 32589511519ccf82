/* One storage registered twice — through the S3 and the Swift API of one Swift container, or through two NFS
 * paths — is recognised by the marker each store keeps at its root, against the real Swift the harness starts. */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { nameKey } from '@stowage/core';
import { isStorageError, STORE_MARKER_KEY, swiftProvider, swiftConfigSchema } from '@stowage/providers';
import { installationId } from '@stowage/services';
import { createContainer as createRawContainer } from '@stowage/object-store-server';
import { createZone, registerNfs, rejection, resetDb, useApi, useTempDirs } from './support';

const api = useApi();
const dirs = useTempDirs();
const objectStore = () => inject('objectStore');

beforeEach(async () => {
  await resetDb(api.db);
});

/** A fresh container, which the S3 API sees as a bucket of the same name. */
async function freshContainer(): Promise<string> {
  const name = `marker-${randomUUID().slice(0, 8)}`;
  await createRawContainer(objectStore(), name);
  return name;
}

function s3Config(bucket: string, overrides: Record<string, unknown> = {}) {
  const { proxyUrl, s3 } = objectStore();
  return { endpoint: proxyUrl, region: s3.region, bucket, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, forcePathStyle: true, ...overrides };
}

function swiftConfig(container: string, overrides: Record<string, unknown> = {}) {
  const { authUrl, swift } = objectStore();
  return { authUrl, user: swift.user, key: swift.key, container, ...overrides };
}

const registerS3 = (name: string, config: Record<string, unknown>) =>
  api.caller.store.register({ name, provider: 's3', role: 'object', zoneId: null, config });
const registerSwift = (name: string, config: Record<string, unknown>) =>
  api.caller.store.register({ name, provider: 'swift', role: 'object', zoneId: null, config });

/** The container seen straight through the Swift API, past Stowage. */
const rawSwift = (container: string, prefix = '') => swiftProvider.open(swiftConfigSchema.parse(swiftConfig(container, { prefix })));

async function markerIn(container: string, prefix = ''): Promise<Record<string, unknown> | null> {
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of await rawSwift(container, prefix).get(STORE_MARKER_KEY)) chunks.push(chunk as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
  } catch (error) {
    if (isStorageError(error) && error.code === 'NotFound') return null;
    throw error;
  }
}

async function putMarker(container: string, marker: Record<string, unknown>) {
  const body = Buffer.from(JSON.stringify({ kind: 'stowage-store-marker', writeId: randomUUID(), ...marker }));
  await rawSwift(container).put(STORE_MARKER_KEY, Readable.from([body]));
}

describe('one container registered through the S3 API and the Swift API', () => {
  it('an S3 store on bucket b, then a Swift store on container b: the second is refused, naming the first, at the container field', async () => {
    const b = await freshContainer();
    const first = await registerS3('s3-b', s3Config(b));
    expect(await markerIn(b)).toMatchObject({ storeId: first.id, storeName: 's3-b', installationId: await installationId(api.db) });

    const { error, shape } = await rejection(registerSwift('swift-b', swiftConfig(b)), 'store.register');
    expect(error.code).toBe('CONFLICT');
    expect(shape.message).toMatch(/^Store "s3-b" already uses this storage, reached another way/);
    expect(shape.data.fieldErrors).toEqual({ 'config.container': ['Already used by store s3-b'] });
    expect(await api.db.store.count()).toBe(1);
    expect(await markerIn(b)).toMatchObject({ storeId: first.id });
  });

  it('the reverse order: a Swift store first, then an S3 store on its bucket, refused at the bucket field', async () => {
    const b = await freshContainer();
    await registerSwift('swift-b', swiftConfig(b));
    const { error, shape } = await rejection(registerS3('s3-b', s3Config(b)), 'store.register');
    expect(error.code).toBe('CONFLICT');
    expect(shape.message).toMatch(/^Store "swift-b" already uses this storage/);
    expect(shape.data.fieldErrors).toEqual({ 'config.bucket': ['Already used by store swift-b'] });
  });

  it('under one key prefix as well; another prefix is other storage', async () => {
    const b = await freshContainer();
    await registerS3('s3-p', s3Config(b, { prefix: 'p/' }));
    const { shape } = await rejection(registerSwift('swift-p', swiftConfig(b, { prefix: 'p/' })), 'store.register');
    expect(shape.data.fieldErrors).toEqual({ 'config.container': ['Already used by store s3-p'] });
    await expect(registerSwift('swift-q', swiftConfig(b, { prefix: 'q/' }))).resolves.toMatchObject({ name: 'swift-q' });
    expect(await markerIn(b, 'p/')).toMatchObject({ storeName: 's3-p' });
    expect(await markerIn(b, 'q/')).toMatchObject({ storeName: 'swift-q' });
    expect(await markerIn(b)).toBeNull();
  });

  it('removing the first deletes its marker and lets the second in', async () => {
    const b = await freshContainer();
    const first = await registerS3('s3-b', s3Config(b));
    await api.caller.store.remove({ storeId: first.id });
    expect(await markerIn(b)).toBeNull();
    const second = await registerSwift('swift-b', swiftConfig(b));
    expect(await markerIn(b)).toMatchObject({ storeId: second.id, storeName: 'swift-b' });
  });

  it('a store that is down is removed all the same; the marker it leaves is stale and overwritten', async () => {
    const b = await freshContainer();
    const first = await registerS3('s3-b', s3Config(b));
    const unreachable = { ...first.config, endpoint: 'http://127.0.0.1:9', requestTimeoutSeconds: 2 };
    await api.db.store.update({ where: { id: first.id }, data: { config: JSON.stringify(unreachable) } });
    await api.caller.store.remove({ storeId: first.id });
    expect(await api.db.store.count()).toBe(0);
    expect(await markerIn(b)).toMatchObject({ storeId: first.id });

    const second = await registerSwift('swift-b', swiftConfig(b));
    expect(await markerIn(b)).toMatchObject({ storeId: second.id });
  });

  it('a registration that crashed after its marker and before its row left nothing in the way', async () => {
    const b = await freshContainer();
    await putMarker(b, { installationId: await installationId(api.db), storeId: 'never-created', storeName: 's3-b' });
    const store = await registerS3('s3-b', s3Config(b));
    expect(await markerIn(b)).toMatchObject({ storeId: store.id });
  });

  it('a marker of another installation is refused, saying how to proceed; once it is deleted the store registers', async () => {
    const b = await freshContainer();
    await putMarker(b, { installationId: 'other-installation-1', storeId: 'theirs', storeName: 'their-store' });
    const { error, shape } = await rejection(registerS3('s3-b', s3Config(b)), 'store.register');
    expect(error.code).toBe('CONFLICT');
    const host = new URL(objectStore().proxyUrl).host;
    expect(shape.message).toBe(
      `This storage belongs to store "their-store" of another Stowage installation (other-installation-1). ` +
        `If that installation is gone, delete the object s3:${host}/${b}/${STORE_MARKER_KEY} and register again.`,
    );
    expect(shape.data.fieldErrors).toEqual({ 'config.bucket': ['Used by another Stowage installation'] });

    await rawSwift(b).delete(STORE_MARKER_KEY);
    await expect(registerS3('s3-b', s3Config(b))).resolves.toMatchObject({ name: 's3-b' });
  });
});

describe('moving a store', () => {
  it('onto storage another store holds is refused; a move writes the marker where the store now is and deletes it where it was', async () => {
    const [held, start, free] = [await freshContainer(), await freshContainer(), await freshContainer()];
    await registerSwift('swift-held', swiftConfig(held));
    const store = await registerS3('s3-moving', s3Config(start));

    const { error, shape } = await rejection(api.caller.store.update({ storeId: store.id, config: s3Config(held) }), 'store.update');
    expect(error.code).toBe('CONFLICT');
    expect(shape.data.fieldErrors).toEqual({ 'config.bucket': ['Already used by store swift-held'] });
    expect((await api.caller.store.byId({ storeId: store.id })).config).toMatchObject({ bucket: start });

    await api.caller.store.update({ storeId: store.id, config: s3Config(free) });
    expect(await markerIn(free)).toMatchObject({ storeId: store.id, storeName: 's3-moving' });
    expect(await markerIn(start)).toBeNull();
  });

  it('to the same storage reached through another endpoint keeps its marker', async () => {
    const b = await freshContainer();
    const store = await registerS3('s3-b', s3Config(b));
    const viaLocalhost = objectStore().proxyUrl.replace('127.0.0.1', 'localhost');
    const moved = await api.caller.store.update({ storeId: store.id, config: s3Config(b, { endpoint: viaLocalhost }) });
    expect(moved.location).toContain('localhost');
    expect(await markerIn(b)).toMatchObject({ storeId: store.id });
    expect((await api.caller.store.probe({ storeId: store.id })).state).toBe('up');
  });
});

describe('stores registered before markers existed', () => {
  it('the probe writes the missing marker, and finds a second store on the same storage: that one is unhealthy, naming the first', async () => {
    const b = await freshContainer();
    const first = await registerS3('s3-b', s3Config(b));
    await rawSwift(b).delete(STORE_MARKER_KEY);
    const { key, ...plain } = swiftConfigSchema.parse(swiftConfig(b));
    const second = await api.db.store.create({
      data: { name: 'swift-b', nameKey: nameKey('swift-b'), provider: 'swift', role: 'object', config: JSON.stringify(plain), secretsSealed: api.ctx.secrets.seal({ key }) },
    });

    expect((await api.caller.store.probe({ storeId: first.id })).state).toBe('up');
    expect(await markerIn(b)).toMatchObject({ storeId: first.id });

    const probed = await api.caller.store.probe({ storeId: second.id });
    expect(probed.state).toBe('down');
    expect(probed.lastProbe?.error).toMatch(/^Store "s3-b" uses the same storage .*Remove one of the two\.$/);
    const down = await api.db.event.findFirstOrThrow({ where: { type: 'store.down', storeId: second.id } });
    expect(down.message).toContain('Store "s3-b" uses the same storage');
    expect((await api.caller.store.probe({ storeId: first.id })).state).toBe('up');

    await api.caller.store.remove({ storeId: second.id });
    expect(await markerIn(b)).toMatchObject({ storeId: first.id });
  });

  it('an NFS store without a marker gets one from its probe, and a renamed store\'s marker follows its name', async () => {
    const zone = await createZone(api.caller, 'zone-a');
    const dir = dirs.make();
    const store = await registerNfs(api.caller, { name: 'nfs-a', zoneId: zone.id, path: dir });
    fs.rmSync(path.join(dir, STORE_MARKER_KEY));
    await api.caller.store.probe({ storeId: store.id });
    expect(JSON.parse(fs.readFileSync(path.join(dir, STORE_MARKER_KEY), 'utf8'))).toMatchObject({ storeId: store.id, storeName: 'nfs-a' });
    await api.caller.store.update({ storeId: store.id, name: 'nfs-renamed' });
    await api.caller.store.probe({ storeId: store.id });
    expect(JSON.parse(fs.readFileSync(path.join(dir, STORE_MARKER_KEY), 'utf8'))).toMatchObject({ storeName: 'nfs-renamed' });
  });
});

describe('NFS', () => {
  it('the marker sits at the root, out of the way: validation passes and the store lists nothing', async () => {
    const zone = await createZone(api.caller, 'zone-a');
    const dir = dirs.make();
    const store = await registerNfs(api.caller, { name: 'nfs-a', zoneId: zone.id, path: dir });
    expect(fs.readdirSync(dir)).toContain(STORE_MARKER_KEY);
    const validation = await api.caller.store.validate({ storeId: store.id });
    expect(validation.checks.filter((check) => check.outcome !== 'passed')).toEqual([]);
    expect((await api.caller.store.byId({ storeId: store.id })).replicaCount).toBe(0);
  });

  it.skipIf(!canBindMount())('one directory through a bind mount that realpath cannot see through: the second store is refused, naming the first', async () => {
    const zone = await createZone(api.caller, 'zone-a');
    const exported = dirs.make('stowage-export-');
    const mounted = dirs.make('stowage-mounted-');
    execFileSync('mount', ['--bind', exported, mounted]);
    try {
      expect(fs.realpathSync(mounted)).not.toBe(fs.realpathSync(exported));
      await registerNfs(api.caller, { name: 'nfs-export', zoneId: zone.id, path: exported });
      const { error, shape } = await rejection(registerNfs(api.caller, { name: 'nfs-mounted', zoneId: zone.id, path: mounted }), 'store.register');
      expect(error.code).toBe('CONFLICT');
      expect(shape.message).toMatch(/^Store "nfs-export" already uses this storage/);
      expect(shape.data.fieldErrors).toEqual({ 'config.path': ['Already used by store nfs-export'] });
    } finally {
      execFileSync('umount', [mounted]);
    }
  });
});

/** Bind mounts need root with CAP_SYS_ADMIN (most containers have neither). */
function canBindMount(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'stowage-bind-probe-'));
  try {
    execFileSync('mount', ['--bind', probe, probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    fs.rmSync(probe, { recursive: true, force: true });
  }
}
