import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { inspect } from 'node:util';
import { CreateBucketCommand, ListMultipartUploadsCommand, S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { s3ConfigSchema, type S3Config } from '../src/s3/config';
import { MAX_PARTS, partSizeFor } from '../src/s3/s3-backend';
import { s3Provider } from '../src/s3/s3-provider';
import { isStorageError, type StorageError } from '../src/storage-error';
import { collect, failingStream, patternBytes, sha256, stallingStream, streamOf } from './conformance/data';
import { freePort } from './support/free-port';

const MiB = 1024 * 1024;

/* Helpers ------------------------------------------------------------------------------------------- */

const minimal = {
  endpoint: 'https://s3.example.com',
  bucket: 'stowage-bucket',
  accessKeyId: 'AKIAEXAMPLE',
  secretAccessKey: 'secret',
};

/** The messages of a failed parse, for one field. */
function issues(input: Record<string, unknown>, field: string): string[] {
  const parsed = s3ConfigSchema.safeParse({ ...minimal, ...input });
  expect(parsed.success, `expected ${JSON.stringify(input)} to be refused`).toBe(false);
  return parsed.error!.issues.filter((issue) => issue.path.join('.') === field).map((issue) => issue.message);
}

/** The StorageError a promise rejects with. */
async function storageError(promise: Promise<unknown>): Promise<StorageError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(isStorageError(error), `expected a StorageError, got ${String(error)}`).toBe(true);
  return error as StorageError;
}

/* Schema and provider (no server) ------------------------------------------------------------------- */

describe('s3ConfigSchema', () => {
  it('fills the defaults', () => {
    expect(s3ConfigSchema.parse(minimal)).toEqual({
      ...minimal,
      region: 'us-east-1',
      prefix: '',
      forcePathStyle: true,
      partSizeMiB: 8,
      queueSize: 4,
      requestTimeoutSeconds: 30,
    });
  });

  it.each([
    ['https://s3.example.com/', 'https://s3.example.com'],
    ['  HTTP://S3.Example.COM:9000/  ', 'http://s3.example.com:9000'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['https://[::1]:9000', 'https://[::1]:9000'],
    ['https://s3.example.com:443', 'https://s3.example.com'],
  ])('normalises the endpoint %j to %j', (value, expected) => {
    expect(s3ConfigSchema.parse({ ...minimal, endpoint: value }).endpoint).toBe(expected);
  });

  it.each([
    ['ftp://s3.example.com', 'Use an http:// or https:// URL'],
    ['s3.example.com', 'Enter a URL such as https://s3.example.com'],
    ['http://user:pass@s3.example.com', 'Do not put credentials in the URL: use the access key fields'],
    ['http://key@s3.example.com', 'Do not put credentials in the URL: use the access key fields'],
    ['https://s3.example.com/?x=1', 'The endpoint must not have a query or a fragment'],
    ['https://s3.example.com/#top', 'The endpoint must not have a query or a fragment'],
    ['https://s3.example.com/bucket', 'The endpoint must not have a path: put the bucket in its own field'],
    ['', 'Endpoint is required'],
  ])('refuses the endpoint %j', (value, message) => {
    expect(issues({ endpoint: value }, 'endpoint')).toContain(message);
  });

  it.each(['abc', 'my.bucket-1', 'a'.repeat(63), '1bucket', 'stowage-secondary'])('accepts the bucket %j', (value) => {
    expect(s3ConfigSchema.parse({ ...minimal, bucket: value }).bucket).toBe(value);
  });

  it.each(['ab', 'a'.repeat(64), 'My-Bucket', 'bucket_1', '-bucket', 'bucket-', '.bucket', 'a..b', 'a.-b', 'a-.b', '192.168.1.1', 'a b c'])(
    'refuses the bucket %j',
    (value) => {
      expect(issues({ bucket: value }, 'bucket').length).toBeGreaterThan(0);
    },
  );

  it.each([
    ['', ''],
    ['zone-1', 'zone-1/'],
    ['zone-1/', 'zone-1/'],
    ['region/zone-1', 'region/zone-1/'],
    ['ünïcødé', 'ünïcødé/'],
  ])('normalises the prefix %j to %j', (value, expected) => {
    expect(s3ConfigSchema.parse({ ...minimal, prefix: value }).prefix).toBe(expected);
  });

  it.each(['/zone', 'a//b', '../a', 'a/../b', './a', 'a/./b', 'a\0b', 'a//', 'x'.repeat(513)])('refuses the prefix %j', (value) => {
    expect(issues({ prefix: value }, 'prefix').length).toBeGreaterThan(0);
  });

  it.each([
    ['partSizeMiB', 4],
    ['partSizeMiB', 5121],
    ['partSizeMiB', 5.5],
    ['queueSize', 0],
    ['queueSize', 17],
    ['requestTimeoutSeconds', 0],
    ['requestTimeoutSeconds', 601],
    ['forcePathStyle', 'yes'],
    ['region', 'us east 1'],
  ])('refuses %s = %j', (field, value) => {
    expect(issues({ [field]: value }, field).length).toBeGreaterThan(0);
  });

  it.each(['endpoint', 'bucket', 'accessKeyId', 'secretAccessKey'])('requires %s', (field) => {
    const input: Record<string, unknown> = { ...minimal };
    delete input[field];
    expect(s3ConfigSchema.safeParse(input).success).toBe(false);
    expect(s3ConfigSchema.safeParse({ ...input, [field]: '' }).success).toBe(false);
  });

  it('describes every field for the form', () => {
    const schema = z.toJSONSchema(s3ConfigSchema, { io: 'input', unrepresentable: 'any' }) as {
      properties: Record<string, { title?: string; description?: string; placeholder?: string }>;
      required: string[];
    };
    expect(Object.keys(schema.properties)).toEqual([
      'endpoint',
      'region',
      'bucket',
      'prefix',
      'accessKeyId',
      'secretAccessKey',
      'forcePathStyle',
      'partSizeMiB',
      'queueSize',
      'requestTimeoutSeconds',
    ]);
    for (const property of Object.values(schema.properties)) {
      expect(property.title).toBeTruthy();
      expect(property.description).toBeTruthy();
    }
    expect(schema.properties.endpoint?.placeholder).toBe('https://s3.example.com');
    expect([...schema.required].sort()).toEqual(['accessKeyId', 'bucket', 'endpoint', 'secretAccessKey']);
  });
});

describe('s3Provider', () => {
  it('declares itself', () => {
    expect(s3Provider).toMatchObject({
      id: 's3',
      label: 'S3-compatible object storage',
      roles: ['object'],
      secretFields: ['secretAccessKey'],
      locationField: 'bucket',
      capabilities: {
        reportsCapacity: false,
        multipartUpload: true,
        rangeReads: true,
        serverSideCopy: true,
        maxObjectBytes: 5 * 1024 ** 4,
      },
    });
  });

  it.each([
    [{}, 's3:s3.example.com/stowage-bucket/'],
    [{ endpoint: 'HTTP://S3.EXAMPLE.com:9000/', prefix: 'zone-1' }, 's3:s3.example.com:9000/stowage-bucket/zone-1/'],
    [{ endpoint: 'http://s3.example.com:80', prefix: 'a/b/' }, 's3:s3.example.com/stowage-bucket/a/b/'],
  ])('locates %j at %j', (overrides, expected) => {
    expect(s3Provider.location(s3ConfigSchema.parse({ ...minimal, ...overrides }))).toBe(expected);
  });

  it('gives nested prefixes nested locations and sibling prefixes separate ones', () => {
    const at = (prefix: string) => s3Provider.location(s3ConfigSchema.parse({ ...minimal, prefix }));
    expect(at('a/b').startsWith(at('a'))).toBe(true);
    expect(at('ab').startsWith(at('a'))).toBe(false);
    expect(at('').length).toBeLessThan(at('a').length);
  });

  it('grows the part size only when a declared size needs more than the part limit', () => {
    expect(partSizeFor({ partSizeMiB: 8 }, undefined)).toBe(8 * MiB);
    expect(partSizeFor({ partSizeMiB: 8 }, 1000 * 8 * MiB)).toBe(8 * MiB);
    expect(partSizeFor({ partSizeMiB: 8 }, 100 * 1024 * MiB)).toBe(103 * MiB);
    expect(Math.ceil((100 * 1024 * MiB) / partSizeFor({ partSizeMiB: 8 }, 100 * 1024 * MiB))).toBeLessThanOrEqual(MAX_PARTS);
  });

  it('refuses a declared size beyond what an upload can hold, without sending anything', async () => {
    const backend = s3Provider.open(s3ConfigSchema.parse({ ...minimal, endpoint: 'http://127.0.0.1:1' }));
    const body = streamOf(Buffer.from('x'));
    const error = await storageError(backend.put('huge', body, { size: 6 * 1024 ** 4 }));
    expect(error.code).toBe('TooLarge');
    expect(body.destroyed).toBe(true);
  });
});

/* Against the run's Swift (s3api) ------------------------------------------------------------------- */

describe('s3 against Swift s3api', () => {
  const bucket = `stowage-s3-${randomUUID().slice(0, 8)}`;
  const secretOfDenied = `wrong-secret-${randomUUID()}`;
  let admin: S3Client;
  let closedPort = 0;

  function config(overrides: Record<string, unknown> = {}): S3Config {
    const { proxyUrl, s3 } = inject('objectStore');
    return s3ConfigSchema.parse({
      endpoint: proxyUrl,
      region: s3.region,
      bucket,
      accessKeyId: s3.accessKeyId,
      secretAccessKey: s3.secretAccessKey,
      partSizeMiB: 5,
      ...overrides,
    });
  }

  async function incompleteUploads(prefix: string): Promise<string[]> {
    const listing = await admin.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix }));
    return (listing.Uploads ?? []).map((upload) => upload.Key ?? '');
  }

  /** Waits until a multipart upload for `key` exists: parts of a stalled source are on their way. */
  async function waitForUpload(key: string): Promise<void> {
    for (let tries = 0; (await incompleteUploads(key)).length === 0; tries += 1) {
      expect(tries, 'the multipart upload never started').toBeLessThan(100);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  beforeAll(async () => {
    const { proxyUrl, s3 } = inject('objectStore');
    admin = new S3Client({
      endpoint: proxyUrl,
      region: s3.region,
      forcePathStyle: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    await admin.send(new CreateBucketCommand({ Bucket: bucket }));
    closedPort = await freePort();
  });

  afterAll(() => admin?.destroy());

  describe('checkConfig', () => {
    it('accepts a bucket that exists with credentials that work', async () => {
      await expect(s3Provider.checkConfig(config(), {})).resolves.toBeUndefined();
    });

    it('points a missing bucket at the bucket field', async () => {
      const error = await storageError(s3Provider.checkConfig(config({ bucket: 'no-such-bucket-here' }), {}));
      expect(error).toMatchObject({ code: 'InvalidConfig', field: 'bucket', message: 'Bucket no-such-bucket-here does not exist' });
    });

    it('points a wrong secret at the secret field', async () => {
      const error = await storageError(s3Provider.checkConfig(config({ secretAccessKey: secretOfDenied }), {}));
      expect(error).toMatchObject({ code: 'AccessDenied', field: 'secretAccessKey', message: 'The endpoint refused these credentials' });
    });

    it('points an unknown access key at the secret field too', async () => {
      const error = await storageError(s3Provider.checkConfig(config({ accessKeyId: 'nobody:nobody' }), {}));
      expect(error).toMatchObject({ code: 'AccessDenied', field: 'secretAccessKey' });
    });

    it('reports an endpoint nothing listens on as Unavailable, quickly', async () => {
      const started = Date.now();
      const error = await storageError(
        s3Provider.checkConfig(config({ endpoint: `http://127.0.0.1:${closedPort}`, requestTimeoutSeconds: 2 }), {}),
      );
      expect(error).toMatchObject({ code: 'Unavailable', field: 'endpoint' });
      expect(error.message).toContain('ECONNREFUSED');
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    it('gives up on an endpoint that accepts connections but never answers, within the request timeout', async () => {
      const sockets = new Set<net.Socket>();
      const silent = net.createServer((socket) => sockets.add(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const { port } = silent.address() as net.AddressInfo;
      try {
        const started = Date.now();
        const error = await storageError(
          s3Provider.checkConfig(config({ endpoint: `http://127.0.0.1:${port}`, requestTimeoutSeconds: 1 }), {}),
        );
        expect(error).toMatchObject({ code: 'Unavailable', field: 'endpoint' });
        expect(Date.now() - started).toBeLessThan(4_000);
      } finally {
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => silent.close(() => resolve()));
      }
    });

    it('stops when its signal aborts', async () => {
      const error = await storageError(s3Provider.checkConfig(config(), { signal: AbortSignal.abort() }));
      expect(error.code).toBe('Aborted');
    });
  });

  it('a key prefix isolates stores that share a bucket', async () => {
    const run = randomUUID().slice(0, 8);
    const east = s3Provider.open(config({ prefix: `east-${run}` }));
    const west = s3Provider.open(config({ prefix: `west-${run}/` }));
    const whole = s3Provider.open(config());

    await east.put('templates/a.qcow2', streamOf(Buffer.from('east bytes')));
    await west.put('templates/a.qcow2', streamOf(Buffer.from('west bytes')));
    await west.put('templates/b.qcow2', streamOf(Buffer.from('west only')));

    expect((await collect(await east.get('templates/a.qcow2'))).toString()).toBe('east bytes');
    expect((await collect(await west.get('templates/a.qcow2'))).toString()).toBe('west bytes');
    expect((await storageError(east.head('templates/b.qcow2'))).code).toBe('NotFound');

    expect((await east.list('')).items.map((item) => item.key)).toEqual(['templates/a.qcow2']);
    expect((await west.list('templates/')).items.map((item) => item.key)).toEqual(['templates/a.qcow2', 'templates/b.qcow2']);
    expect((await east.head('templates/a.qcow2')).key).toBe('templates/a.qcow2');

    // The bucket itself holds both, under their prefixes.
    expect((await whole.list(`east-${run}/`)).items.map((item) => item.key)).toEqual([`east-${run}/templates/a.qcow2`]);

    await east.delete('templates/a.qcow2');
    expect((await collect(await west.get('templates/a.qcow2'))).toString()).toBe('west bytes');
  });

  it('records the expected sha256 in the object metadata, visible through head', async () => {
    const backend = s3Provider.open(config());
    const data = patternBytes(10_000, 4);
    const key = `sha-${randomUUID()}`;
    await backend.put(key, streamOf(data), { sha256: sha256(data).toUpperCase() });
    expect((await backend.head(key)).sha256).toBe(sha256(data));

    await backend.put(`${key}-plain`, streamOf(data));
    expect((await backend.head(`${key}-plain`)).sha256).toBeNull();
  });

  it('a multipart upload reports the multipart ETag and keeps the sha256', async () => {
    const backend = s3Provider.open(config());
    const data = patternBytes(11 * MiB, 12);
    const key = `multipart-${randomUUID()}`;
    const put = await backend.put(key, streamOf(data), { sha256: sha256(data), size: data.length });
    expect(put.etag).toMatch(/^[0-9a-f]{32}-3$/);
    expect(await backend.head(key)).toMatchObject({ size: data.length, etag: put.etag, sha256: sha256(data) });
  });

  describe('failed multipart uploads leave no incomplete upload behind', () => {
    it('aborted by the signal once parts are stored', async () => {
      const backend = s3Provider.open(config());
      const key = `abort-mp-${randomUUID()}`;
      const controller = new AbortController();
      const body = stallingStream(patternBytes(12 * MiB, 13));
      const upload = backend.put(key, body, { signal: controller.signal });
      await waitForUpload(key);
      controller.abort();
      expect((await storageError(upload)).code).toBe('Aborted');
      expect(body.destroyed).toBe(true);
      expect(await incompleteUploads(key)).toEqual([]);
      expect((await storageError(backend.head(key))).code).toBe('NotFound');
    });

    it('a checksum mismatch over an existing object keeps the old object', async () => {
      const backend = s3Provider.open(config());
      const key = `mismatch-mp-${randomUUID()}`;
      const original = patternBytes(100_000, 14);
      await backend.put(key, streamOf(original));
      const error = await storageError(
        backend.put(key, streamOf(patternBytes(12 * MiB, 15)), { sha256: sha256(patternBytes(12 * MiB, 16)) }),
      );
      expect(error.code).toBe('ChecksumMismatch');
      expect(sha256(await collect(await backend.get(key)))).toBe(sha256(original));
      expect(await incompleteUploads(key)).toEqual([]);
    });

    it('a source that breaks once parts are stored', async () => {
      const backend = s3Provider.open(config());
      const key = `broken-mp-${randomUUID()}`;
      const body = stallingStream(patternBytes(12 * MiB, 17));
      const upload = backend.put(key, body);
      await waitForUpload(key);
      body.destroy(new Error('source broke mid-transfer'));
      expect((await storageError(upload)).code).toBe('Unavailable');
      expect(await incompleteUploads(key)).toEqual([]);
      expect((await storageError(backend.head(key))).code).toBe('NotFound');
    });

    it('a source that breaks before the first part', async () => {
      const backend = s3Provider.open(config());
      const key = `broken-early-${randomUUID()}`;
      const body = failingStream(patternBytes(16 * MiB, 17));
      expect((await storageError(backend.put(key, body))).code).toBe('Unavailable');
      expect(body.destroyed).toBe(true);
      expect(await incompleteUploads(key)).toEqual([]);
      expect((await storageError(backend.head(key))).code).toBe('NotFound');
    });
  });

  it('aborting a read mid-stream fails the stream with Aborted', async () => {
    const backend = s3Provider.open(config());
    const key = `read-abort-${randomUUID()}`;
    await backend.put(key, streamOf(patternBytes(8 * MiB, 18)));
    const controller = new AbortController();
    const stream = await backend.get(key, { signal: controller.signal });
    const failure = new Promise<unknown>((resolve) => stream.once('error', resolve));
    stream.once('data', () => controller.abort());
    stream.resume();
    const error = await failure;
    expect(isStorageError(error) && error.code).toBe('Aborted');
  });

  it('a missing bucket is not an idempotent delete', async () => {
    const backend = s3Provider.open(config({ bucket: 'no-such-bucket-here' }));
    expect((await storageError(backend.delete('x'))).code).toBe('NotFound');
    expect((await backend.probe()).error).toBe('Bucket no-such-bucket-here does not exist');
  });

  it('never puts the secret in an error', async () => {
    const denied = s3Provider.open(config({ secretAccessKey: secretOfDenied }));
    const unreachable = s3Provider.open(
      config({ secretAccessKey: secretOfDenied, endpoint: `http://127.0.0.1:${closedPort}`, requestTimeoutSeconds: 2 }),
    );
    const failures: StorageError[] = [];
    for (const backend of [denied, unreachable]) {
      failures.push(await storageError(backend.put('k', streamOf(patternBytes(6 * MiB, 19)))));
      failures.push(await storageError(backend.get('k')));
      failures.push(await storageError(backend.head('k')));
      failures.push(await storageError(backend.list('')));
      failures.push(await storageError(backend.delete('k')));
      const probe = await backend.probe();
      expect(probe.ok).toBe(false);
      expect(probe.error).not.toContain(secretOfDenied);
    }
    failures.push(await storageError(s3Provider.checkConfig(config({ secretAccessKey: secretOfDenied }), {})));
    expect(failures.map((failure) => failure.code)).toEqual([
      ...Array<string>(5).fill('AccessDenied'),
      ...Array<string>(5).fill('Unavailable'),
      'AccessDenied',
    ]);
    for (const failure of failures) {
      for (let error: unknown = failure; error !== undefined; error = (error as { cause?: unknown }).cause) {
        expect(String((error as Error).message)).not.toContain(secretOfDenied);
      }
      expect(inspect(failure, { depth: 8 })).not.toContain(secretOfDenied);
      expect(JSON.stringify(failure)).not.toContain(secretOfDenied);
    }
  });
});
