/* Registering objects through the API: every refused URL and bad input answers at its field and registers
 * nothing; an upload streams through the route handler into the store of record. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { handleUpload } from '../src/upload';
import { createZone, registerNfs, rejection, resetDb, useApi, useTempDirs } from './support';

const api = useApi();
const dirs = useTempDirs();

let zoneId: string;
let recordRoot: string;

beforeEach(async () => {
  await resetDb(api.db);
  zoneId = (await createZone(api.caller, 'zone-a')).id;
  recordRoot = dirs.make();
  await registerNfs(api.caller, { name: 'nfs-a', zoneId, path: recordRoot });
});

const byUrl = (url: string, overrides: Record<string, unknown> = {}) =>
  api.caller.object.registerByUrl({ name: 'image', kind: 'template', format: 'qcow2', originZoneId: zoneId, placement: 'all_zones', zoneIds: [], url, ...overrides });

describe('register by URL: refused addresses, each with a clear message at the URL field', () => {
  const refused: [string, RegExp][] = [
    ['http://127.0.0.1/image.qcow2', /127\.0\.0\.1 is a loopback address/],
    ['http://localhost/image.qcow2', /localhost resolves to (127\.0\.0\.1|::1), and .* loopback address/],
    ['http://[::1]/image.qcow2', /::1 is a loopback address/],
    ['http://10.0.0.1/image.qcow2', /10\.0\.0\.1 is a private address/],
    ['http://192.168.1.1/image.qcow2', /192\.168\.1\.1 is a private address/],
    ['http://169.254.169.254/latest/meta-data', /169\.254\.169\.254 is a cloud metadata address/],
    ['http://2130706433/image.qcow2', /127\.0\.0\.1 is a loopback address/],
    ['http://0x7f.1/image.qcow2', /127\.0\.0\.1 is a loopback address/],
    ['http://no-such-host.invalid/image.qcow2', /no-such-host\.invalid does not resolve/],
    ['file:///etc/passwd', /only http and https URLs can be registered/],
    ['ftp://mirror.example.com/image.qcow2', /only http and https URLs can be registered/],
  ];
  for (const [url, message] of refused) {
    it(`${url} → BAD_REQUEST on "url"`, async () => {
      const { error, shape } = await rejection(byUrl(url), 'object.registerByUrl');
      expect(error.code).toBe('BAD_REQUEST');
      expect(shape.data.fieldErrors?.url?.[0]).toMatch(message);
      expect(shape.message).toMatch(message);
      expect(await api.db.dataObject.count()).toBe(0);
      expect(await api.db.job.count()).toBe(0);
    });
  }

  it('an allow-listed network is let through, and the setting itself refuses a bad network', async () => {
    const bad = await rejection(api.caller.settings.updateIngest({ allowedNetworks: ['10.0.0.0/33'], maxBytes: 1024 }), 'settings.updateIngest');
    expect(bad.shape.data.fieldErrors?.allowedNetworks?.[0]).toMatch(/10\.0\.0\.0\/33/);
    await api.caller.settings.updateIngest({ allowedNetworks: ['127.0.0.1/32'], maxBytes: 1024 ** 3 });
    const created = await byUrl('http://127.0.0.1:9/image.qcow2');
    expect(await api.db.job.findUniqueOrThrow({ where: { id: created.jobId } })).toMatchObject({ kind: 'ingest', state: 'queued' });
  });
});

describe('register: other bad input', () => {
  it('a name already taken → CONFLICT on "name"', async () => {
    await api.caller.settings.updateIngest({ allowedNetworks: ['127.0.0.1/32'], maxBytes: 1024 ** 3 });
    await byUrl('http://127.0.0.1:9/a');
    const { shape } = await rejection(byUrl('http://127.0.0.1:9/b'), 'object.registerByUrl');
    expect(shape.data.fieldErrors).toEqual({ name: ['This name is taken'] });
    expect(shape.message).toBe('An object named "image" already exists.');
  });

  it('a name differing only in case → CONFLICT on "name", quoting the object as it is spelled; the case typed is kept', async () => {
    await api.caller.settings.updateIngest({ allowedNetworks: ['127.0.0.1/32'], maxBytes: 1024 ** 3 });
    const created = await byUrl('http://127.0.0.1:9/a', { name: 'Ubuntu-24.04' });
    expect((await api.db.dataObject.findUniqueOrThrow({ where: { id: created.objectId } })).name).toBe('Ubuntu-24.04');
    const { error, shape } = await rejection(byUrl('http://127.0.0.1:9/b', { name: 'UBUNTU-24.04' }), 'object.registerByUrl');
    expect(error.code).toBe('CONFLICT');
    expect(shape.message).toBe('An object named "Ubuntu-24.04" already exists.');
    expect(shape.data.fieldErrors).toEqual({ name: ['This name is taken'] });
    expect(await api.db.dataObject.count()).toBe(1);
  });

  it('a deleted object keeps its name, whatever the case, until it is purged', async () => {
    await api.caller.settings.updateIngest({ allowedNetworks: ['127.0.0.1/32'], maxBytes: 1024 ** 3 });
    const created = await byUrl('http://127.0.0.1:9/a', { name: 'cirros' });
    await api.db.dataObject.update({ where: { id: created.objectId }, data: { deletedAt: new Date() } });
    const { shape } = await rejection(byUrl('http://127.0.0.1:9/b', { name: 'CirrOS' }), 'object.registerByUrl');
    expect(shape.message).toBe('An object named "cirros" already exists.');
    await api.db.job.deleteMany();
    await api.db.event.deleteMany();
    await api.db.replica.deleteMany();
    await api.db.dataObject.delete({ where: { id: created.objectId } });
    expect((await byUrl('http://127.0.0.1:9/b', { name: 'CirrOS' })).objectId).toBeTruthy();
  });

  it('the list searches names whatever their case', async () => {
    await api.caller.settings.updateIngest({ allowedNetworks: ['127.0.0.1/32'], maxBytes: 1024 ** 3 });
    await byUrl('http://127.0.0.1:9/a', { name: 'Zürich-Templates' });
    await byUrl('http://127.0.0.1:9/b', { name: 'other' });
    for (const search of ['zürich', 'ZÜRICH-T', 'templates']) {
      expect((await api.caller.object.list({ name: search })).objects.map((object) => object.name)).toEqual(['Zürich-Templates']);
    }
  });

  it('chosen zones without a zone, a malformed sha256 → field errors, nothing registered', async () => {
    const noZones = await rejection(byUrl('https://example.com/a', { placement: 'chosen_zones' }), 'object.registerByUrl');
    expect(noZones.shape.data.fieldErrors?.zoneIds).toEqual(['Choose at least one zone']);
    const badSum = await rejection(byUrl('https://example.com/a', { expectedSha256: 'abc' }), 'object.registerByUrl');
    expect(badSum.shape.data.fieldErrors?.expectedSha256).toEqual(['A sha256 is 64 hexadecimal characters']);
    expect(await api.db.dataObject.count()).toBe(0);
  });

  it('a zone without a writable record store → PRECONDITION at the origin zone', async () => {
    const bare = await createZone(api.caller, 'zone-bare');
    await api.caller.settings.updateIngest({ allowedNetworks: ['127.0.0.1/32'], maxBytes: 1024 ** 3 });
    const { shape } = await rejection(byUrl('http://127.0.0.1:9/a', { originZoneId: bare.id }), 'object.registerByUrl');
    expect(shape.data.fieldErrors?.originZoneId?.[0]).toMatch(/writable record store in zone zone-bare/);
  });
});

describe('upload route', () => {
  const upload = (body: Buffer | string, query: Record<string, string>, headers: Record<string, string> = {}) => {
    const url = new URL('http://stowage.test/api/objects/upload');
    for (const [key, value] of Object.entries({ name: 'uploaded', kind: 'iso', format: 'iso', originZoneId: zoneId, ...query })) url.searchParams.set(key, value);
    return handleUpload(new Request(url, { method: 'POST', body, headers: { 'content-length': String(Buffer.byteLength(body)), ...headers }, duplex: 'half' } as RequestInit), api.ctx);
  };

  it('streams the file into the record store, hashed on the way, and the replica is ready', async () => {
    const bytes = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
    const response = await upload(bytes, {});
    expect(response.status).toBe(201);
    const { objectId } = (await response.json()) as { objectId: string };
    const object = await api.db.dataObject.findUniqueOrThrow({ where: { id: objectId }, include: { replicas: true } });
    expect(object.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(object.replicas.map((replica) => replica.state)).toEqual(['ready']);
    expect(fs.readFileSync(path.join(recordRoot, 'objects', objectId)).equals(bytes)).toBe(true);
  });

  it('a wrong expected sha256 fails the upload with the reason and leaves no file behind', async () => {
    const response = await upload('hello world', { expectedSha256: 'b'.repeat(64) });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { objectId: string; error: { message: string } };
    expect(body.error.message).toMatch(/sha256/i);
    expect(fs.existsSync(path.join(recordRoot, 'objects', body.objectId))).toBe(false);
    expect((await api.db.replica.findFirstOrThrow({ where: { objectId: body.objectId } })).state).toBe('failed');
  });

  it('bad fields → 400 with field errors; no Content-Length → 411; over the size limit → 400; never a stack', async () => {
    const bad = await upload('x', { kind: 'floppy' });
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(JSON.parse(text).error.fieldErrors.kind).toBeDefined();
    expect(text).not.toMatch(/at .*\.ts:\d+/);

    const url = new URL(`http://stowage.test/api/objects/upload?name=n&kind=iso&format=iso&originZoneId=${zoneId}`);
    const stream = new ReadableStream({ start: (controller) => { controller.enqueue(new Uint8Array([1])); controller.close(); } });
    const noLength = await handleUpload(new Request(url, { method: 'POST', body: stream, duplex: 'half' } as RequestInit), api.ctx);
    expect(noLength.status).toBe(411);

    await api.caller.settings.updateIngest({ allowedNetworks: [], maxBytes: 10 });
    const tooLarge = await upload('more than ten bytes', {});
    expect(tooLarge.status).toBe(400);
    expect(((await tooLarge.json()) as { error: { fieldErrors: Record<string, string[]> } }).error.fieldErrors.file?.[0]).toMatch(/larger than the limit/);
    expect(await api.db.dataObject.count()).toBe(0);
  });

  it('a client that goes away mid-upload: the job says how far it got, nothing is left on the store, and Retry is refused', async () => {
    const MiB = 1024 * 1024;
    const url = new URL(`http://stowage.test/api/objects/upload?name=cut&kind=iso&format=iso&originZoneId=${zoneId}`);
    const cut = new ReadableStream({
      start(controller) {
        controller.enqueue(new Uint8Array(MiB));
        setTimeout(() => controller.error(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })), 50);
      },
    });
    const response = await handleUpload(
      new Request(url, { method: 'POST', body: cut, headers: { 'content-length': String(4 * MiB) }, duplex: 'half' } as RequestInit),
      api.ctx,
    );
    expect(response.status).toBe(422);
    const body = (await response.json()) as { objectId: string; jobId: string; error: { message: string } };
    const sentence = 'The upload was interrupted after 1048576 of 4194304 bytes (25 %): the client closed the connection. Nothing was kept; upload the file again.';
    expect(body.error.message).toBe(sentence);
    expect(await api.db.job.findUniqueOrThrow({ where: { id: body.jobId } })).toMatchObject({ state: 'failed', errorKind: 'permanent', error: sentence });
    expect(fs.readdirSync(path.join(recordRoot, '.stowage-tmp'))).toEqual([]);
    expect(fs.existsSync(path.join(recordRoot, 'objects', body.objectId))).toBe(false);

    const [failure] = await api.caller.job.failures();
    expect(failure).toMatchObject({ id: body.jobId, retryable: false });
    for (const retried of [api.caller.job.retry({ scope: 'job', jobId: body.jobId }), api.caller.object.retryFailed({ objectId: body.objectId })]) {
      const { error } = await rejection(retried, 'job.retry');
      expect(error.code).toBe('PRECONDITION_FAILED');
      expect(error.message).toBe('An upload cannot be retried: its bytes were never kept. Upload the file again.');
    }
    expect(await api.caller.job.retry({ scope: 'all' })).toEqual({ retried: 0, uploadsToSendAgain: 1 });
    expect(await api.db.job.findUniqueOrThrow({ where: { id: body.jobId } })).toMatchObject({ state: 'failed' });
  });
});
