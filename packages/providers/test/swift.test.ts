import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { swiftConfigSchema, type SwiftConfig } from '../src/swift/config';
import { authenticate, SwiftAuth, type SwiftAuthenticator } from '../src/swift/swift-auth';
import { dispatcherFor, SwiftHttp, swiftPath } from '../src/swift/swift-http';
import { openSwiftBackend, type SwiftBackend } from '../src/swift/swift-backend';
import { MAX_SEGMENTS, segmentSizeFor } from '../src/swift/slo-upload';
import { swiftProvider } from '../src/swift/swift-provider';
import { isStorageError, type StorageError } from '../src/storage-error';
import { collect, patternBytes, sha256, stallingStream, streamOf } from './conformance/data';
import { freePort } from './support/free-port';
import { createContainer as createRawContainer, tempauthSession } from '@stowage/object-store-server';

const MiB = 1024 * 1024;
/** A key nobody would write by accident: it must never appear in an error message. */
const SECRET = `sekrit-${randomUUID()}`;

/* Raw Swift access, to look behind the provider (segments, names under the prefix). ------------------ */

const rawSession = () => tempauthSession(inject('objectStore'));
const createContainer = (name: string) => createRawContainer(inject('objectStore'), name);

/** Every object name in a container (a missing container lists as empty). */
async function rawNames(container: string, prefix = ''): Promise<string[]> {
  const { token, storageUrl } = await rawSession();
  const response = await fetch(
    `${storageUrl}/${encodeURIComponent(container)}?format=json&prefix=${encodeURIComponent(prefix)}`,
    { headers: { 'x-auth-token': token } },
  );
  if (response.status === 404) return [];
  return ((await response.json()) as { name: string }[]).map((row) => row.name);
}

/* Configurations and helpers ----------------------------------------------------------------------- */

const container = `stowage-swift-${randomUUID().slice(0, 8)}`;
const segments = `${container}_segments`;

function config(overrides: Partial<Record<keyof SwiftConfig, unknown>> = {}): SwiftConfig {
  const { authUrl, swift } = inject('objectStore');
  return swiftConfigSchema.parse({ authUrl, user: swift.user, key: swift.key, container, segmentSizeMiB: 8, ...overrides });
}

/** A backend whose authentications are counted: the real round trip, wrapped. */
function countingBackend(overrides: Partial<Record<keyof SwiftConfig, unknown>> = {}): {
  backend: SwiftBackend;
  authCalls: () => number;
} {
  let calls = 0;
  const counting: SwiftAuthenticator = async (cfg, context) => {
    calls += 1;
    return authenticate(cfg, context);
  };
  return { backend: openSwiftBackend(config(overrides), { authenticate: counting }), authCalls: () => calls };
}

async function storageError(promise: Promise<unknown>): Promise<StorageError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(isStorageError(error), `expected a StorageError, got ${String(error)}`).toBe(true);
  return error as StorageError;
}

/** The message of an error and of every cause under it. */
function allMessages(error: unknown): string {
  const parts: string[] = [];
  for (let current = error, depth = 0; current instanceof Error && depth < 10; current = current.cause, depth += 1) {
    parts.push(current.message, String((current as { stack?: string }).stack ?? ''));
  }
  return parts.join('\n');
}

/**
 * A TCP relay in front of the real Swift proxy, for network faults: `cut()` drops every connection and
 * stops listening (the proxy is gone), `stall()` stops reading from the client (the proxy hangs).
 * tempauth builds the storage URL from the Host header, so every request goes through the relay.
 */
async function startRelay(target: string) {
  const { hostname, port } = new URL(target);
  const sockets = new Set<net.Socket>();
  let stalled = false;
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(port), hostname);
    sockets.add(client).add(upstream);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    if (stalled) client.pause();
    else client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const relayPort = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${relayPort}`,
    cut() {
      server.close();
      for (const socket of sockets) socket.destroy();
    },
    stall() {
      stalled = true;
      for (const socket of sockets) {
        socket.unpipe();
        socket.pause();
      }
    },
    close() {
      server.close();
      for (const socket of sockets) socket.destroy();
    },
  };
}

beforeAll(async () => {
  await createContainer(container);
});

/* Schema ------------------------------------------------------------------------------------------- */

describe('swiftConfigSchema', () => {
  const base = { authUrl: 'https://swift.example.com/auth/v1.0', user: 'acct:user', key: 'k', container: 'c' };

  it('fills in the defaults', () => {
    expect(swiftConfigSchema.parse(base)).toEqual({
      ...base,
      authVersion: 'v1',
      userDomain: 'Default',
      projectDomain: 'Default',
      prefix: '',
      segmentSizeMiB: 1024,
      requestTimeoutSeconds: 30,
    });
  });

  it('normalises the prefix to end with "/" and takes "" for optional fields left empty', () => {
    const parsed = swiftConfigSchema.parse({ ...base, prefix: 'zone-1/templates', region: '', projectName: '' });
    expect(parsed.prefix).toBe('zone-1/templates/');
    expect(parsed.region).toBeUndefined();
    expect(parsed.projectName).toBeUndefined();
    expect(swiftConfigSchema.parse({ ...base, prefix: 'a/' }).prefix).toBe('a/');
  });

  it('requires a project with Keystone v3, on the projectName field', () => {
    const parsed = swiftConfigSchema.safeParse({ ...base, authVersion: 'v3', user: 'alice' });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((issue) => issue.path.join('.'))).toEqual(['projectName']);
    expect(
      swiftConfigSchema.parse({ ...base, authVersion: 'v3', user: 'alice', projectName: 'stowage', region: 'RegionOne' }),
    ).toMatchObject({ authVersion: 'v3', projectName: 'stowage', userDomain: 'Default', region: 'RegionOne' });
  });

  it('wants account:user with v1 auth', () => {
    const parsed = swiftConfigSchema.safeParse({ ...base, user: 'alice' });
    expect(parsed.error!.issues.map((issue) => issue.path.join('.'))).toEqual(['user']);
  });

  it.each([
    'swift.example.com/auth/v1.0',
    'ftp://swift.example.com/auth/v1.0',
    'http://user:pass@swift.example.com/auth/v1.0',
    'https://swift.example.com/auth/v1.0?x=1',
    'https://swift.example.com/auth/v1.0#frag',
    '',
  ])('refuses the auth URL %j', (authUrl) => {
    const parsed = swiftConfigSchema.safeParse({ ...base, authUrl });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.some((issue) => issue.path.join('.') === 'authUrl')).toBe(true);
  });

  it.each(['a/b', '', 'x'.repeat(248)])('refuses the container %j', (name) => {
    const parsed = swiftConfigSchema.safeParse({ ...base, container: name });
    expect(parsed.error!.issues.map((issue) => issue.path.join('.'))).toContain('container');
  });

  it.each(['/abs', '../up', 'a//b', 'a/./b'])('refuses the prefix %j', (prefix) => {
    const parsed = swiftConfigSchema.safeParse({ ...base, prefix });
    expect(parsed.error!.issues.map((issue) => issue.path.join('.'))).toContain('prefix');
  });

  it.each([
    ['segmentSizeMiB', 0],
    ['segmentSizeMiB', 5121],
    ['segmentSizeMiB', 1.5],
    ['requestTimeoutSeconds', 0],
    ['requestTimeoutSeconds', 601],
  ])('refuses %s = %j', (field, value) => {
    const parsed = swiftConfigSchema.safeParse({ ...base, [field]: value });
    expect(parsed.error!.issues.map((issue) => issue.path.join('.'))).toContain(field);
  });

  it('describes every field for the form, with the key as the only secret', () => {
    const schema = z.toJSONSchema(swiftConfigSchema, { io: 'input', unrepresentable: 'any' }) as {
      properties: Record<string, { title?: string; description?: string; placeholder?: string; enum?: unknown[] }>;
      required: string[];
    };
    for (const [name, property] of Object.entries(schema.properties)) {
      expect(property.title, name).toBeTruthy();
      expect(property.description, name).toBeTruthy();
      expect(typeof property.placeholder, name).toBe('string');
    }
    expect(schema.properties.authVersion?.enum).toEqual(['v1', 'v3']);
    expect([...schema.required].sort()).toEqual(['authUrl', 'container', 'key', 'user']);
    expect(swiftProvider.secretFields).toEqual(['key']);
  });
});

/* Provider ----------------------------------------------------------------------------------------- */

describe('swiftProvider', () => {
  it('declares itself as an object store', () => {
    expect(swiftProvider).toMatchObject({ id: 'swift', label: 'OpenStack Swift', roles: ['object'], locationField: 'container' });
    expect(swiftProvider.capabilities).toEqual({
      reportsCapacity: false,
      multipartUpload: true,
      rangeReads: true,
      serverSideCopy: true,
      maxObjectBytes: null,
    });
  });

  it('locates a store by host, account, container and prefix', () => {
    const base = { authUrl: 'https://Swift.Example.com:443/auth/v1.0', user: 'acct:user', key: 'k', container: 'c' };
    expect(swiftProvider.location(swiftConfigSchema.parse(base))).toBe('swift:swift.example.com/acct/c/');
    expect(swiftProvider.location(swiftConfigSchema.parse({ ...base, authUrl: 'http://10.0.0.1:8080/auth/v1.0', prefix: 'a/b' }))).toBe(
      'swift:10.0.0.1:8080/acct/c/a/b/',
    );
    expect(
      swiftProvider.location(
        swiftConfigSchema.parse({ ...base, authVersion: 'v3', user: 'alice', projectName: 'proj', authUrl: 'https://ks:5000/v3' }),
      ),
    ).toBe('swift:ks:5000/proj/c/');
  });

  describe('checkConfig', () => {
    it('accepts a working configuration', async () => {
      await expect(swiftProvider.checkConfig(config(), {})).resolves.toBeUndefined();
    });

    it('blames the key for refused credentials', async () => {
      const error = await storageError(swiftProvider.checkConfig(config({ key: SECRET }), {}));
      expect(error).toMatchObject({ code: 'AccessDenied', field: 'key' });
      expect(allMessages(error)).not.toContain(SECRET);
    });

    it('blames the container when it does not exist', async () => {
      const error = await storageError(swiftProvider.checkConfig(config({ container: 'no-such-container-here' }), {}));
      expect(error).toMatchObject({ code: 'InvalidConfig', field: 'container' });
      expect(error.message).toBe('Container no-such-container-here does not exist');
    });

    it('blames the auth URL when nothing answers there', async () => {
      const port = await freePort();
      const error = await storageError(
        swiftProvider.checkConfig(config({ authUrl: `http://127.0.0.1:${port}/auth/v1.0`, requestTimeoutSeconds: 2 }), {}),
      );
      expect(error).toMatchObject({ code: 'Unavailable', field: 'authUrl' });
    });

    it('blames the auth URL when it is not an auth endpoint', async () => {
      const { proxyUrl } = inject('objectStore');
      const error = await storageError(swiftProvider.checkConfig(config({ authUrl: `${proxyUrl}/not-auth` }), {}));
      expect(error).toMatchObject({ code: 'InvalidConfig', field: 'authUrl' });
    });
  });
});

/* Tokens ------------------------------------------------------------------------------------------- */

describe('tokens', () => {
  it('authenticates once for many requests, concurrent ones included', async () => {
    const { backend, authCalls } = countingBackend();
    await backend.put('token/a', streamOf(Buffer.from('a')));
    await Promise.all(Array.from({ length: 8 }, () => backend.head('token/a')));
    const fresh = countingBackend();
    await Promise.all(Array.from({ length: 8 }, () => fresh.backend.head('token/a')));
    expect(authCalls()).toBe(1);
    expect(fresh.authCalls()).toBe(1);
  });

  it('authenticates again, once, when Swift no longer knows the token', async () => {
    const { backend, authCalls } = countingBackend();
    await backend.put('token/b', streamOf(Buffer.from('b')));
    expect(authCalls()).toBe(1);

    backend.invalidateTokenForTests();
    expect((await backend.head('token/b')).size).toBe(1);
    expect(authCalls()).toBe(2);

    // A streamed upload too: Swift refuses the token before "100 Continue", so the stream is still whole.
    backend.invalidateTokenForTests();
    const data = patternBytes(3 * MiB, 4);
    const put = await backend.put('token/c', streamOf(data), { size: data.length, sha256: sha256(data) });
    expect(put.sha256).toBe(sha256(data));
    expect(authCalls()).toBe(3);
    expect(sha256(await collect(await backend.get('token/c')))).toBe(sha256(data));

    // And a large object, whose segments and manifest all go through after one renewal.
    backend.invalidateTokenForTests();
    const large = patternBytes(10 * MiB, 5);
    await backend.put('token/d', streamOf(large), { size: large.length });
    expect(authCalls()).toBe(4);
  });

  it('a streamed PUT refused with 401 before "100 Continue" authenticates again and sends the body once', async () => {
    let calls = 0;
    const counting: SwiftAuthenticator = async (cfg, context) => {
      calls += 1;
      return authenticate(cfg, context);
    };
    const dispatcher = dispatcherFor(30_000);
    const auth = new SwiftAuth(config(), counting, { dispatcher, timeoutMs: 30_000 });
    const http = new SwiftHttp(auth, 30_000, dispatcher);
    await auth.get();
    auth.corruptTokenForTests();
    const put = await http.openUpload({ path: swiftPath(container, 'token/streamed'), headers: {}, what: 'test upload' });
    await put.write(Buffer.from('streamed '));
    await put.write(Buffer.from('once'));
    expect((await put.finish()).status).toBe(201);
    expect(calls).toBe(2);
    const backend = openSwiftBackend(config());
    expect((await collect(await backend.get('token/streamed'))).toString()).toBe('streamed once');
  });

  it('does not retry refused credentials', async () => {
    const { backend, authCalls } = countingBackend({ key: SECRET });
    const error = await storageError(backend.head('token/a'));
    expect(error.code).toBe('AccessDenied');
    expect(authCalls()).toBe(1);
  });
});

/* Static Large Objects ----------------------------------------------------------------------------- */

describe('static large objects', () => {
  const backend = () => openSwiftBackend(config());

  it('an upload above the segment size writes segments, and delete removes them', { timeout: 60_000 }, async () => {
    const data = patternBytes(20 * MiB + 5, 31);
    const put = await backend().put('slo/one', streamOf(data, MiB), { size: data.length, sha256: sha256(data) });
    expect(put).toMatchObject({ size: data.length, sha256: sha256(data) });

    const names = await rawNames(segments, 'slo/one/');
    expect(names).toHaveLength(3);
    expect(names.every((name) => /^slo\/one\/\d+-[0-9a-f]{8}\/00000[123]$/.test(name))).toBe(true);
    expect(await backend().head('slo/one')).toMatchObject({ size: data.length, sha256: sha256(data), etag: put.etag });
    expect(sha256(await collect(await backend().get('slo/one')))).toBe(sha256(data));
    const middle = await collect(await backend().get('slo/one', { range: { start: 8 * MiB - 10, end: 8 * MiB + 9 } }));
    expect(middle.equals(data.subarray(8 * MiB - 10, 8 * MiB + 10))).toBe(true);
    expect((await backend().list('slo/')).items).toEqual([
      expect.objectContaining({ key: 'slo/one', size: data.length, etag: put.etag }),
    ]);

    await backend().delete('slo/one');
    expect(await rawNames(segments, 'slo/one/')).toEqual([]);
    expect((await storageError(backend().head('slo/one'))).code).toBe('NotFound');
  });

  it('an overwrite removes the segments of the object it replaces', { timeout: 60_000 }, async () => {
    const first = patternBytes(17 * MiB, 1);
    await backend().put('slo/over', streamOf(first), { size: first.length });
    const before = await rawNames(segments, 'slo/over/');
    expect(before).toHaveLength(3);

    const second = patternBytes(9 * MiB, 2);
    await backend().put('slo/over', streamOf(second)); // unknown size, found large while streaming
    const after = await rawNames(segments, 'slo/over/');
    expect(after).toHaveLength(2);
    expect(after.some((name) => before.includes(name))).toBe(false);
    expect(sha256(await collect(await backend().get('slo/over')))).toBe(sha256(second));
    expect((await backend().head('slo/over')).sha256).toBe(sha256(second));

    await backend().put('slo/over', streamOf(Buffer.from('small now')));
    expect(await rawNames(segments, 'slo/over/')).toEqual([]);
    expect((await collect(await backend().get('slo/over'))).toString()).toBe('small now');
  });

  it('a mismatching checksum leaves no segments and the object already there untouched', { timeout: 60_000 }, async () => {
    const original = patternBytes(100_000, 3);
    await backend().put('slo/checksum', streamOf(original));
    const data = patternBytes(18 * MiB, 4);
    const error = await storageError(
      backend().put('slo/checksum', streamOf(data), { size: data.length, sha256: sha256(original) }),
    );
    expect(error.code).toBe('ChecksumMismatch');
    expect(await rawNames(segments, 'slo/checksum/')).toEqual([]);
    expect(sha256(await collect(await backend().get('slo/checksum')))).toBe(sha256(original));

    const short = await storageError(backend().put('slo/short', streamOf(data), { size: data.length + 1 }));
    expect(short.code).toBe('ChecksumMismatch');
    expect(await rawNames(segments, 'slo/short/')).toEqual([]);
    expect((await storageError(backend().head('slo/short'))).code).toBe('NotFound');
  });

  it('an upload aborted between segments leaves no segments', { timeout: 60_000 }, async () => {
    const controller = new AbortController();
    const upload = backend().put('slo/aborted', stallingStream(patternBytes(12 * MiB, 6)), { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await rawNames(segments, 'slo/aborted/')).toHaveLength(1); // the first segment, complete
    controller.abort();
    expect((await storageError(upload)).code).toBe('Aborted');
    expect(await rawNames(segments, 'slo/aborted/')).toEqual([]);
    expect((await storageError(backend().head('slo/aborted'))).code).toBe('NotFound');
  });

  it('grows segments to stay within Swift\'s 1000 per manifest, and refuses what cannot fit', () => {
    const GiB = 1024 * MiB;
    expect(segmentSizeFor(undefined, 8 * MiB)).toBe(8 * MiB);
    expect(segmentSizeFor(8000 * MiB, 8 * MiB)).toBe(8 * MiB);
    expect(segmentSizeFor(8000 * MiB + 1, 8 * MiB)).toBe(9 * MiB);
    expect(segmentSizeFor(2000 * GiB, GiB)).toBe(Math.ceil((2000 * GiB) / MAX_SEGMENTS / MiB) * MiB);
    expect(() => segmentSizeFor(5001 * GiB, GiB)).toThrow(expect.objectContaining({ code: 'TooLarge' }));
  });

  it('a stream of unknown size that fits one segment becomes a plain object', async () => {
    const data = patternBytes(3 * MiB, 7);
    const put = await backend().put('slo/fits', streamOf(data));
    expect(await rawNames(segments, 'slo/fits/')).toEqual([]);
    expect(await backend().head('slo/fits')).toMatchObject({ size: data.length, sha256: sha256(data), etag: put.etag });
  });
});

/* Objects, names and metadata ---------------------------------------------------------------------- */

describe('objects', () => {
  it('records the sha256 as X-Object-Meta-Sha256, visible through head', async () => {
    const backend = openSwiftBackend(config());
    const data = patternBytes(50_000, 8);
    await backend.put('meta/expected', streamOf(data), { size: data.length, sha256: sha256(data).toUpperCase() });
    expect((await backend.head('meta/expected')).sha256).toBe(sha256(data));
    await backend.put('meta/small-unknown', streamOf(data));
    expect((await backend.head('meta/small-unknown')).sha256).toBe(sha256(data));
    // Known size without an expectation: the hash is known only once the bytes are sent, so none is recorded.
    await backend.put('meta/none', streamOf(data), { size: data.length });
    expect((await backend.head('meta/none')).sha256).toBeNull();

    const { token, storageUrl } = await rawSession();
    const raw = await fetch(`${storageUrl}/${container}/meta/expected`, { method: 'HEAD', headers: { 'x-auth-token': token } });
    expect(raw.headers.get('x-object-meta-sha256')).toBe(sha256(data));
  });

  it('a streamed upload of known size with a wrong sha256 leaves the object already there untouched', async () => {
    const backend = openSwiftBackend(config());
    const original = patternBytes(3 * MiB, 11);
    await backend.put('meta/streamed-mismatch', streamOf(original), { size: original.length });
    const other = patternBytes(3 * MiB, 12);
    const error = await storageError(
      backend.put('meta/streamed-mismatch', streamOf(other), { size: other.length, sha256: sha256(original) }),
    );
    expect(error.code).toBe('ChecksumMismatch');
    expect(sha256(await collect(await backend.get('meta/streamed-mismatch')))).toBe(sha256(original));
    const fresh = await storageError(
      backend.put('meta/streamed-fresh', streamOf(other), { size: other.length, sha256: sha256(original) }),
    );
    expect(fresh.code).toBe('ChecksumMismatch');
    expect((await storageError(backend.head('meta/streamed-fresh'))).code).toBe('NotFound');
  });

  it('keeps objects under the configured prefix and lists keys relative to it', async () => {
    const prefix = `pre fix-${randomUUID().slice(0, 6)}/ünï`;
    const backend = openSwiftBackend(config({ prefix }));
    await backend.put('a b/c%d?e#f', streamOf(Buffer.from('x')));
    await backend.put('a b/テスト', streamOf(Buffer.from('y')));
    expect(await rawNames(container, `${prefix}/`)).toEqual([`${prefix}/a b/c%d?e#f`, `${prefix}/a b/テスト`]);
    expect((await backend.list('a b/')).items.map((item) => item.key)).toEqual(['a b/c%d?e#f', 'a b/テスト']);
    const page = await backend.list('', { limit: 1 });
    expect(page.items.map((item) => item.key)).toEqual(['a b/c%d?e#f']);
    expect(page.nextCursor).toBe('a b/c%d?e#f');
    const last = await backend.list('', { limit: 1, cursor: page.nextCursor });
    expect(last.items.map((item) => item.key)).toEqual(['a b/テスト']);
    expect(last.nextCursor).toBeUndefined();
    expect((await collect(await backend.get('a b/c%d?e#f'))).toString()).toBe('x');
  });

  it('reads past the end as no bytes', async () => {
    const backend = openSwiftBackend(config());
    await backend.put('range/empty', streamOf(Buffer.alloc(0)), { size: 0 });
    expect((await collect(await backend.get('range/empty', { range: { start: 0 } }))).length).toBe(0);
    await backend.put('range/ten', streamOf(Buffer.from('0123456789')));
    expect((await collect(await backend.get('range/ten', { range: { start: 8, end: 100 } }))).toString()).toBe('89');
  });

  it('probes without capacity when the account has no quota', async () => {
    const result = await openSwiftBackend(config()).probe();
    expect(result).toMatchObject({ ok: true, error: null, totalBytes: null, freeBytes: null });
    const missing = await openSwiftBackend(config({ container: 'no-such-container-here' })).probe();
    expect(missing.ok).toBe(false);
    expect(missing.error).toContain('does not exist');
  });
});

/* Failures ----------------------------------------------------------------------------------------- */

describe('failures', () => {
  const relays: { close(): void }[] = [];
  afterAll(() => {
    for (const relay of relays) relay.close();
  });

  it('never puts the key in an error message', async () => {
    const port = await freePort();
    const backends = [
      openSwiftBackend(config({ key: SECRET })),
      openSwiftBackend(config({ key: SECRET, authUrl: `http://127.0.0.1:${port}/auth/v1.0`, requestTimeoutSeconds: 2 })),
    ];
    for (const backend of backends) {
      for (const call of [
        () => backend.put('secret/x', streamOf(Buffer.from('x'))),
        () => backend.get('secret/x'),
        () => backend.head('secret/x'),
        () => backend.delete('secret/x'),
        () => backend.list(''),
      ]) {
        const error = await storageError(call());
        expect(allMessages(error)).not.toContain(SECRET);
      }
      expect((await backend.probe()).error).not.toContain(SECRET);
    }
  });

  it('the proxy going away mid-upload is Unavailable, and leaves nothing behind', { timeout: 60_000 }, async () => {
    const { proxyUrl } = inject('objectStore');
    const relay = await startRelay(proxyUrl);
    relays.push(relay);
    const backend = openSwiftBackend(config({ authUrl: `${relay.url}/auth/v1.0`, requestTimeoutSeconds: 5 }));
    const data = patternBytes(20 * MiB, 9);
    let cut = false;
    const error = await storageError(
      backend.put('fault/cut', streamOf(data), {
        size: data.length,
        onProgress: (bytes) => {
          if (!cut && bytes > 10 * MiB) {
            cut = true;
            relay.cut();
          }
        },
      }),
    );
    expect(error.code).toBe('Unavailable');
    const direct = openSwiftBackend(config());
    expect((await storageError(direct.head('fault/cut'))).code).toBe('NotFound');
    // The segments written before the cut could not be deleted through the dead relay: orphans, never an object.
  });

  it('a proxy that stops reading fails the upload within the request timeout', { timeout: 60_000 }, async () => {
    const { proxyUrl } = inject('objectStore');
    const relay = await startRelay(proxyUrl);
    relays.push(relay);
    const backend = openSwiftBackend(config({ authUrl: `${relay.url}/auth/v1.0`, requestTimeoutSeconds: 2 }));
    await backend.head('fault/none').catch(() => undefined); // authenticated before the stall
    const data = patternBytes(6 * MiB, 10);
    let stalled = false;
    const started = Date.now();
    const error = await storageError(
      backend.put('fault/stall', streamOf(data), {
        size: data.length,
        onProgress: (bytes) => {
          if (!stalled && bytes > MiB) {
            stalled = true;
            relay.stall();
          }
        },
      }),
    );
    expect(error.code).toBe('Unavailable');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await storageError(openSwiftBackend(config()).head('fault/stall'))).code).toBe('NotFound');
  });
});

describe('segment containers', () => {
  it('refuses a container named like another store\'s segment container', () => {
    const parsed = swiftConfigSchema.safeParse({
      authUrl: 'http://127.0.0.1:8080/auth/v1.0',
      user: 'test:tester',
      key: 'testing',
      container: 'templates_segments',
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['container']);
  });
});
