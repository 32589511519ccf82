/* The agent HTTP API (POST /api/agent/v1/acquire, …/leases/{id}/renew, …/release, DELETE …/leases/{id}):
 * the routes of packages/api/src/routes.ts called with real Request objects on a real SQLite database, with
 * agent tokens made by createAgentToken. No worker runs here, so a miss in a staging zone stays "being copied"
 * and answers 503 + Retry-After. Every answer is checked for stacks and for the token's secret. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentScope } from '@stowage/core';
import { createAgentToken, revokeAgentToken } from '@stowage/services';
import { MAX_BODY_BYTES } from '../src/agent';
import type { AgentRuntime } from '../src/agent-route';
import { agentAcquireRoute, agentReleaseRoute, agentRenewRoute } from '../src/routes';
import { createZone, registerNfs, resetDb, useApi, useTempDirs } from './support';

const api = useApi();
const dirs = useTempDirs();

/** The secret of an agent token with every scope in every zone, named "fleet"; made afresh for each test. */
let TOKEN: string;
let tokenId: string;
const BASE = 'http://stowage.test/api/agent/v1';
const on = (): AgentRuntime => ({ db: api.ctx.db, secrets: api.ctx.secrets });
const newToken = async (name: string, options: { scopes?: AgentScope[]; zoneIds?: string[] } = {}) =>
  createAgentToken({ db: api.db, actor: 'ada' }, { name, scopes: options.scopes ?? ['acquire', 'renew', 'release'], zoneIds: options.zoneIds ?? [], expiresInDays: 30 });

const BYTES = Buffer.from('a hypervisor image, small enough for a test\n'.repeat(20));
const SHA = createHash('sha256').update(BYTES).digest('hex');

let backupZoneId: string;
let recordRoot: string;
let objectId: string;
let stagingZoneId: string;
let stagedObjectId: string;

beforeEach(async () => {
  await resetDb(api.db);
  await api.db.agentToken.deleteMany();
  const fleet = await newToken('fleet');
  TOKEN = fleet.secret;
  tokenId = fleet.token.id;
  // A backup-mode zone: its NFS record store holds a ready copy of "cirros".
  backupZoneId = (await createZone(api.caller, 'zone-a')).id;
  recordRoot = dirs.make();
  const record = await registerNfs(api.caller, { name: 'nfs-a', zoneId: backupZoneId, path: recordRoot });
  const object = await api.db.dataObject.create({
    data: { name: 'cirros', nameKey: 'cirros', kind: 'template', format: 'qcow2', originType: 'url', originUrl: 'https://example.test/cirros.qcow2', originZoneId: backupZoneId, sizeBytes: BigInt(BYTES.length), sha256: SHA },
  });
  objectId = object.id;
  fs.mkdirSync(path.join(recordRoot, 'objects'), { recursive: true });
  fs.writeFileSync(path.join(recordRoot, 'objects', objectId), BYTES);
  await api.db.replica.create({
    data: { objectId, storeId: record.id, state: 'ready', location: `objects/${objectId}`, bytesTotal: BigInt(BYTES.length), bytesDone: BigInt(BYTES.length), verifiedSha256: SHA, readyAt: new Date() },
  });

  // A staging-mode zone with a bounded staging store, and "ubuntu" on the region's object store only.
  stagingZoneId = (await api.caller.zone.create({ name: 'edge', mode: 'staging' })).id;
  await registerNfs(api.caller, { name: 'edge-cache', zoneId: stagingZoneId, path: dirs.make(), role: 'staging', capacityBytes: 1024 * 1024 });
  const objectStore = await api.db.store.create({ data: { name: 'region-objects', nameKey: 'region-objects', provider: 'nfs', role: 'object', config: JSON.stringify({ path: dirs.make() }) } });
  const staged = await api.db.dataObject.create({
    data: { name: 'ubuntu', nameKey: 'ubuntu', kind: 'template', format: 'qcow2', originType: 'url', originUrl: 'https://example.test/ubuntu.qcow2', sizeBytes: BigInt(BYTES.length), sha256: SHA },
  });
  stagedObjectId = staged.id;
  await api.db.replica.create({
    data: { objectId: staged.id, storeId: objectStore.id, state: 'ready', location: `objects/${staged.id}`, bytesTotal: BigInt(BYTES.length), bytesDone: BigInt(BYTES.length), verifiedSha256: SHA, readyAt: new Date() },
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

/* Requests and answers -------------------------------------------------------------------------------- */

interface Sent {
  method?: string;
  body?: string | Uint8Array | ReadableStream<Uint8Array>;
  json?: unknown;
  token?: string | null;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

function request(url: string, sent: Sent = {}): Request {
  const headers: Record<string, string> = {};
  const token = sent.token === undefined ? TOKEN : sent.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body = sent.body;
  if (sent.json !== undefined) {
    body = JSON.stringify(sent.json);
    headers['content-type'] = 'application/json';
  }
  return new Request(url, { method: sent.method ?? 'POST', body, headers: { ...headers, ...sent.headers }, signal: sent.signal, duplex: 'half' } as RequestInit);
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** Reads an answer; every one is JSON, carries no stack or source path, and never contains a token. */
async function read(response: Response, alsoAbsent: string[] = []): Promise<Answer> {
  const text = await response.text();
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(text).not.toMatch(/\n\s+at |"stack"|\.ts:\d+|node_modules|\/packages\//);
  for (const secret of [TOKEN, ...alsoAbsent]) expect(text).not.toContain(secret);
  return { status: response.status, headers: response.headers, text, body: JSON.parse(text) };
}

const acquire = async (json: unknown, sent: Omit<Sent, 'json'> = {}, runtime = on()) =>
  read(await agentAcquireRoute(request(`${BASE}/acquire`, { json, ...sent }), runtime, undefined));
const renew = async (leaseId: string, sent: Sent = {}, runtime = on()) =>
  read(await agentRenewRoute(request(`${BASE}/leases/${leaseId}/renew`, sent), runtime, Promise.resolve({ leaseId })));
const release = async (leaseId: string, sent: Sent = {}, runtime = on()) =>
  read(await agentReleaseRoute(request(`${BASE}/leases/${leaseId}/release`, sent), runtime, Promise.resolve({ leaseId })));
const remove = async (leaseId: string, sent: Sent = {}) =>
  read(await agentReleaseRoute(request(`${BASE}/leases/${leaseId}`, { method: 'DELETE', ...sent }), on(), { leaseId }));

const fromBackupZone = () => ({ objectId, zoneId: backupZoneId, holder: 'host-17.zone-a', waitSeconds: 0 });

/* The happy path ------------------------------------------------------------------------------------------ */

describe('acquire → renew → release', () => {
  it('leases the ready record copy, renews it, releases it, and a second release changes nothing', async () => {
    const before = Date.now();
    const acquired = await acquire({ ...fromBackupZone(), ttlSeconds: 60 });
    expect(acquired.status).toBe(200);
    expect(Object.keys(acquired.body).sort()).toEqual(['expiresAt', 'hit', 'leaseId', 'location', 'objectId', 'sha256', 'sizeBytes', 'uri', 'waitedMs', 'zoneId']);
    const lease = acquired.body;
    expect(lease).toMatchObject({ objectId, zoneId: backupZoneId, sizeBytes: BYTES.length, sha256: SHA, hit: true });
    expect(lease.location).toBe(path.join(recordRoot, 'objects', objectId));
    expect(fs.readFileSync(lease.location)).toEqual(BYTES);
    expect(lease.uri).toContain(`objects/${objectId}`);
    expect(lease.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(lease.expiresAt) - before).toBeGreaterThanOrEqual(59_000);
    expect(Date.parse(lease.expiresAt) - before).toBeLessThanOrEqual(61_000);
    expect(typeof lease.waitedMs).toBe('number');

    // The holder is recorded exactly as given, beside the token it was taken with, and the lease pins the replica.
    const row = await api.db.lease.findUniqueOrThrow({ where: { id: lease.leaseId } });
    expect(row).toMatchObject({ holder: 'host-17.zone-a', tokenId, tokenName: 'fleet', releasedAt: null });

    const renewed = await renew(lease.leaseId, { json: { ttlSeconds: 600 } });
    expect(renewed.status).toBe(200);
    expect(renewed.body).toEqual({ leaseId: lease.leaseId, expiresAt: expect.any(String) });
    expect(Date.parse(renewed.body.expiresAt) - Date.now()).toBeGreaterThan(590_000);
    expect((await api.db.lease.findUniqueOrThrow({ where: { id: lease.leaseId } })).expiresAt.toISOString()).toBe(renewed.body.expiresAt);

    const released = await release(lease.leaseId);
    expect(released.status).toBe(200);
    expect(released.body).toEqual({ leaseId: lease.leaseId, released: true, endReason: 'released' });
    expect(await api.db.lease.findUniqueOrThrow({ where: { id: lease.leaseId } })).toMatchObject({ endReason: 'released', releasedAt: expect.any(Date) });

    const again = await release(lease.leaseId);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ leaseId: lease.leaseId, released: false, endReason: 'released' });
    const deleted = await remove(lease.leaseId);
    expect(deleted.body).toEqual({ leaseId: lease.leaseId, released: false, endReason: 'released' });
  });

  it('renew without a body uses the default TTL (one hour); DELETE releases like POST …/release', async () => {
    const { body: lease } = await acquire(fromBackupZone());
    expect(Date.parse(lease.expiresAt) - Date.now()).toBeGreaterThan(3590_000);
    const renewed = await renew(lease.leaseId);
    expect(renewed.status).toBe(200);
    expect(Date.parse(renewed.body.expiresAt) - Date.now()).toBeGreaterThan(3590_000);
    const deleted = await remove(lease.leaseId);
    expect(deleted.body).toEqual({ leaseId: lease.leaseId, released: true, endReason: 'released' });
  });

  it('acquires by object and zone names, and "application/json; charset=utf-8" is JSON', async () => {
    const byNames = await acquire(
      { objectName: 'cirros', zoneName: 'zone-a', holder: 'host-1' },
      { headers: { 'content-type': 'application/json; charset=utf-8' } },
    );
    expect(byNames.status).toBe(200);
    expect(byNames.body).toMatchObject({ objectId, zoneId: backupZoneId, sha256: SHA });
    const mixed = await acquire({ objectId, zoneName: 'zone-a', holder: 'host-2' });
    expect(mixed.status).toBe(200);
  });

  it('finds the object and the zone by names in another case than they were registered in', async () => {
    const byNames = await acquire({ objectName: 'CirrOS', zoneName: 'ZONE-A', holder: 'host-1' });
    expect(byNames.status).toBe(200);
    expect(byNames.body).toMatchObject({ objectId, zoneId: backupZoneId, sha256: SHA });
  });

  it("agent calls appear in the audit trail as the token's name", async () => {
    const pending = await acquire({ objectId: stagedObjectId, zoneId: stagingZoneId, holder: 'host-3', waitSeconds: 0 });
    expect(pending.status).toBe(503);
    const events = await api.db.event.findMany({ where: { type: 'cache.staging' } });
    expect(events.map((event) => event.actor)).toEqual(['fleet']);
  });
});

/* Staging: still being copied, failed ---------------------------------------------------------------------- */

describe('staging zone, no worker running', () => {
  it('a miss reserves space, queues one copy and answers 503 + Retry-After: call acquire again', async () => {
    const first = await acquire({ objectId: stagedObjectId, zoneId: stagingZoneId, holder: 'host-9', waitSeconds: 0 });
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(first.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', fieldErrors: null });
    expect(first.body.error.message).toMatch(/still being copied.*call acquire again/i);

    const started = Date.now();
    const second = await acquire({ objectName: 'ubuntu', zoneName: 'edge', holder: 'host-9', waitSeconds: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
    expect(second.status).toBe(503);
    expect(second.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(second.body.error.message).toMatch(/still being copied after 1 s; call acquire again/i);

    expect(await api.db.job.count({ where: { kind: 'stage', objectId: stagedObjectId } })).toBe(1);
    expect(await api.db.lease.count()).toBe(0);
  });

  it('an object with no copy on the object store: 412, and nothing is reserved', async () => {
    const orphan = await api.db.dataObject.create({
      data: { name: 'orphan', nameKey: 'orphan', kind: 'iso', format: 'iso', originType: 'url', originUrl: 'https://example.test/o.iso', sizeBytes: 10n, sha256: SHA },
    });
    const answer = await acquire({ objectId: orphan.id, zoneId: stagingZoneId, holder: 'host-9', waitSeconds: 0 });
    expect(answer.status).toBe(412);
    expect(answer.body.error.message).toBe('orphan has no ready copy on the object store to stage from yet.');
    expect(await api.db.reservation.count({ where: { replica: { objectId: orphan.id } } })).toBe(0);
    expect(await api.db.replica.count({ where: { objectId: orphan.id } })).toBe(0);
  });
  it('an object larger than the staging store can ever hold: 412 at once, no copy queued, nothing left reserved', async () => {
    const huge = await api.db.dataObject.create({
      data: { name: 'huge', nameKey: 'huge', kind: 'template', format: 'raw', originType: 'url', originUrl: 'https://example.test/huge.raw', sizeBytes: 2n * 1024n * 1024n, sha256: SHA },
    });
    const objectStore = await api.db.store.findFirstOrThrow({ where: { role: 'object' } });
    await api.db.replica.create({ data: { objectId: huge.id, storeId: objectStore.id, state: 'ready', location: `objects/${huge.id}`, bytesTotal: 2n * 1024n * 1024n, readyAt: new Date() } });
    const answer = await acquire({ objectId: huge.id, zoneId: stagingZoneId, holder: 'host-9', waitSeconds: 30 });
    expect(answer.status).toBe(412);
    expect(answer.body.error.message).toBe('Cannot be staged: The object (2097152 bytes) is larger than edge-cache can hold');
    expect(await api.db.job.count({ where: { objectId: huge.id } })).toBe(0);
    expect(await api.db.reservation.count({ where: { replica: { objectId: huge.id }, state: { in: ['waiting', 'held'] } } })).toBe(0);
  });
});

/* Preconditions and not found --------------------------------------------------------------------------- */

describe('preconditions (412) and unknown things (404)', () => {
  it('unknown object, zone or names → 404', async () => {
    const unknownObject = await acquire({ ...fromBackupZone(), objectId: 'no-such-object' });
    expect(unknownObject.status).toBe(404);
    expect(unknownObject.body.error).toEqual({ code: 'NOT_FOUND', message: 'Object no-such-object does not exist.', fieldErrors: null });
    expect((await acquire({ ...fromBackupZone(), zoneId: 'no-such-zone' })).status).toBe(404);
    const byName = await acquire({ objectName: 'nothing', zoneId: backupZoneId, holder: 'h' });
    expect(byName.status).toBe(404);
    expect(byName.body.error.message).toBe('No object is named "nothing".');
    const zoneByName = await acquire({ objectId, zoneName: 'nowhere', holder: 'h' });
    expect(zoneByName.status).toBe(404);
    expect(zoneByName.body.error.message).toBe('No zone is named "nowhere".');
  });

  it('a deleted object is not found by name', async () => {
    await api.db.dataObject.update({ where: { id: objectId }, data: { deletedAt: new Date() } });
    expect((await acquire({ objectName: 'cirros', zoneId: backupZoneId, holder: 'h' })).status).toBe(404);
    expect((await acquire(fromBackupZone())).status).toBe(404);
  });

  it('an object still being ingested, or without a ready copy in a backup zone → 412', async () => {
    await api.db.dataObject.create({ data: { name: 'half', nameKey: 'half', kind: 'iso', format: 'iso', originType: 'url', originUrl: 'https://example.test/h.iso' } });
    const ingesting = await acquire({ objectName: 'half', zoneId: backupZoneId, holder: 'h' });
    expect(ingesting.status).toBe(412);
    expect(ingesting.body.error).toMatchObject({ code: 'PRECONDITION_FAILED', message: 'half is still being ingested.' });
    const noCopy = await acquire({ objectId: stagedObjectId, zoneId: backupZoneId, holder: 'h' });
    expect(noCopy.status).toBe(412);
    expect(noCopy.body.error.message).toMatch(/no ready copy in zone zone-a/);
  });

  it('unknown lease → 404 on renew, release and DELETE', async () => {
    for (const answer of [await renew('no-such-lease'), await release('no-such-lease'), await remove('no-such-lease')]) {
      expect(answer.status).toBe(404);
      expect(answer.body.error).toEqual({ code: 'NOT_FOUND', message: 'Lease no-such-lease does not exist.', fieldErrors: null });
    }
  });

  it('renewing an expired lease → 412 "acquire again"; releasing it says it expired', async () => {
    const { body: lease } = await acquire({ ...fromBackupZone(), ttlSeconds: 10 });
    await api.db.lease.update({ where: { id: lease.leaseId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const renewed = await renew(lease.leaseId, { json: { ttlSeconds: 60 } });
    expect(renewed.status).toBe(412);
    expect(renewed.body.error.code).toBe('PRECONDITION_FAILED');
    expect(renewed.body.error.message).toMatch(/has ended \(expired\); acquire again/);
    const released = await release(lease.leaseId);
    expect(released.body).toEqual({ leaseId: lease.leaseId, released: false, endReason: 'expired' });
    // A released lease cannot be renewed either.
    const afterRelease = await renew(lease.leaseId);
    expect(afterRelease.status).toBe(412);
  });
});

/* Bad input -------------------------------------------------------------------------------------------- */

describe('bad input → 400 with field errors', () => {
  it('malformed JSON, a JSON array, an empty body', async () => {
    const malformed = await acquire(undefined, { body: '{"objectId": ', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toEqual({ code: 'BAD_REQUEST', message: 'The body is not valid JSON.', fieldErrors: null });
    const array = await acquire([1, 2]);
    expect(array.status).toBe(400);
    expect(array.body.error.message).toBe('The body must be a JSON object.');
    const empty = await acquire(undefined);
    expect(empty.status).toBe(400);
    expect(Object.keys(empty.body.error.fieldErrors).sort()).toEqual(['holder', 'objectId', 'objectName', 'zoneId', 'zoneName']);
    const badRenew = await renew('x', { body: 'nope', headers: { 'content-type': 'application/json' } });
    expect(badRenew.status).toBe(400);
  });

  it('unknown fields, a bad TTL, a bad wait, an empty holder', async () => {
    const unknown = await acquire({ ...fromBackupZone(), ttl: 60, lease: true });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'BAD_REQUEST', message: 'Some fields are not valid.' });
    expect(unknown.body.error.fieldErrors).toEqual({ ttl: ['Unknown field'], lease: ['Unknown field'] });

    const badTtl = await acquire({ ...fromBackupZone(), ttlSeconds: 5, waitSeconds: 601, holder: '  ' });
    expect(badTtl.status).toBe(400);
    expect(Object.keys(badTtl.body.error.fieldErrors).sort()).toEqual(['holder', 'ttlSeconds', 'waitSeconds']);
    expect(badTtl.body.error.fieldErrors.holder).toEqual(['Name the holder']);
    expect((await acquire({ ...fromBackupZone(), ttlSeconds: '60' })).body.error.fieldErrors).toHaveProperty('ttlSeconds');
    expect((await acquire({ ...fromBackupZone(), waitSeconds: 1.5 })).body.error.fieldErrors).toHaveProperty('waitSeconds');

    const badRenewTtl = await renew('some-lease', { json: { ttlSeconds: 8 * 24 * 3600 } });
    expect(badRenewTtl.status).toBe(400);
    expect(badRenewTtl.body.error.fieldErrors).toHaveProperty('ttlSeconds');
    const renewExtra = await renew('some-lease', { json: { ttlSeconds: 60, holder: 'x' } });
    expect(renewExtra.body.error.fieldErrors).toEqual({ holder: ['Unknown field'] });
    const releaseExtra = await release('some-lease', { json: { force: true } });
    expect(releaseExtra.status).toBe(400);
    expect(releaseExtra.body.error.fieldErrors).toEqual({ force: ['Unknown field'] });
    expect(await api.db.lease.count()).toBe(0);
  });

  it('both objectId and objectName (or neither zone) → 400 on both fields', async () => {
    const both = await acquire({ ...fromBackupZone(), objectName: 'cirros' });
    expect(both.status).toBe(400);
    expect(both.body.error.fieldErrors).toEqual({
      objectId: ['Name the object by objectId or by objectName, not both'],
      objectName: ['Name the object by objectId or by objectName, not both'],
    });
    const noZone = await acquire({ objectId, holder: 'h' });
    expect(noZone.body.error.fieldErrors).toEqual({ zoneId: ['Name the zone: zoneId or zoneName'], zoneName: ['Name the zone: zoneId or zoneName'] });
    expect(await api.db.lease.count()).toBe(0);
  });

  it('a malformed lease id in the path → 400 at leaseId', async () => {
    const answer = await renew('not a lease/../x');
    expect(answer.status).toBe(400);
    expect(answer.body.error.fieldErrors).toEqual({ leaseId: ['Invalid id'] });
  });

  it('a body over 64 KiB → 413, by Content-Length or streamed without one', async () => {
    const big = JSON.stringify({ ...fromBackupZone(), padding: 'x'.repeat(MAX_BODY_BYTES) });
    const declared = await acquire(undefined, { body: big, headers: { 'content-type': 'application/json' } });
    expect(declared.status).toBe(413);
    expect(declared.body.error.code).toBe('PAYLOAD_TOO_LARGE');

    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 4 * MAX_BODY_BYTES) return controller.close();
        sent += 16 * 1024;
        controller.enqueue(new Uint8Array(16 * 1024).fill(0x20));
      },
    });
    const streamed = await renew('some-lease', { body: stream, headers: { 'content-type': 'application/json' } });
    expect(streamed.status).toBe(413);
    expect(sent).toBeLessThan(4 * MAX_BODY_BYTES);
    // Exactly the limit is fine (whitespace around an object is valid JSON).
    const atLimit = JSON.stringify({ ...fromBackupZone() });
    const padded = atLimit + ' '.repeat(MAX_BODY_BYTES - Buffer.byteLength(atLimit));
    expect((await acquire(undefined, { body: padded, headers: { 'content-type': 'application/json' } })).status).toBe(200);
  });

  it('a body that is not sent as JSON → 415', async () => {
    const text = await acquire(undefined, { body: JSON.stringify(fromBackupZone()), headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
    expect(text.body.error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    const form = await renew('some-lease', { body: 'ttlSeconds=60', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
    // Bytes (unlike a string, which fetch labels text/plain) are sent with no Content-Type at all.
    const none = await acquire(undefined, { body: new TextEncoder().encode(JSON.stringify(fromBackupZone())) });
    expect(none.status).toBe(415);
    expect(await api.db.lease.count()).toBe(0);
  });
});

/* Authentication: agent tokens ------------------------------------------------------------------------------ */

describe('authentication', () => {
  it('no token → 401 with WWW-Authenticate: Bearer, before the body is even read', async () => {
    for (const answer of [
      await acquire(fromBackupZone(), { token: null }),
      await renew('some-lease', { token: null }),
      await release('some-lease', { token: null }),
      await acquire(undefined, { token: null, body: 'x'.repeat(MAX_BODY_BYTES * 2), headers: { 'content-type': 'text/plain' } }),
      await acquire(fromBackupZone(), { token: null, headers: { authorization: `Basic ${Buffer.from(`agent:${TOKEN}`).toString('base64')}` } }),
    ]) {
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
      expect(answer.body.error.code).toBe('UNAUTHORIZED');
    }
    expect(await api.db.lease.count()).toBe(0);
  });

  it('an unknown or malformed token → 401 invalid_token, and the token appears in no answer', async () => {
    const unknown = `stw_${'Q'.repeat(43)}`;
    const wrongs = [unknown, TOKEN.slice(0, -1), `${TOKEN}x`, TOKEN.toUpperCase(), 'x', 'agent-test-token-5f2c9e1a7b'];
    for (const wrong of wrongs) {
      const answer = await acquire(fromBackupZone(), { token: wrong }, on());
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="stowage-agent", error="invalid_token"');
      expect(answer.body.error).toEqual({ code: 'UNAUTHORIZED', message: 'The agent token is not valid.', fieldErrors: null });
      if (wrong.length > 3) expect(answer.text).not.toContain(wrong);
    }
    expect(await api.db.lease.count()).toBe(0);
    // The scheme is case-insensitive.
    const lower = await acquire(fromBackupZone(), { token: null, headers: { authorization: `bearer ${TOKEN}` } });
    expect(lower.status).toBe(200);
  });

  it('a revoked or expired token → 401 invalid_token for acquire, renew and release; revocation takes effect at once', async () => {
    const { body: lease } = await acquire(fromBackupZone());
    expect((await renew(lease.leaseId)).status).toBe(200);
    await revokeAgentToken({ db: api.db, actor: 'ada' }, { tokenId });
    for (const answer of [await acquire(fromBackupZone()), await renew(lease.leaseId), await release(lease.leaseId), await remove(lease.leaseId)]) {
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="stowage-agent", error="invalid_token"');
      expect(answer.body.error.message).toBe('The agent token has been revoked.');
    }
    // Expiry is checked on every call against the cached row's expiry (here: a token that ran out an hour ago).
    const expiring = await newToken('expiring');
    await api.db.agentToken.update({ where: { id: expiring.token.id }, data: { expiresAt: new Date(Date.now() - 3600_000) } });
    const expired = await acquire(fromBackupZone(), { token: expiring.secret });
    expect(expired.status).toBe(401);
    expect(expired.body.error.message).toBe('The agent token has expired.');
    expect(await api.db.lease.findUniqueOrThrow({ where: { id: lease.leaseId } })).toMatchObject({ releasedAt: null });
  });

  it('a token without the route’s scope → 403 insufficient_scope, for acquire, renew and release', async () => {
    const { body: lease } = await acquire(fromBackupZone());
    const acquireOnly = (await newToken('acquire-only', { scopes: ['acquire'] })).secret;
    const renewOnly = (await newToken('renew-only', { scopes: ['renew'] })).secret;
    const refusals = [
      [await renew(lease.leaseId, { token: acquireOnly }), 'renew'],
      [await release(lease.leaseId, { token: acquireOnly }), 'release'],
      [await remove(lease.leaseId, { token: renewOnly }), 'release'],
      [await acquire(fromBackupZone(), { token: renewOnly }), 'acquire'],
    ] as const;
    for (const [answer, scope] of refusals) {
      expect(answer.status).toBe(403);
      expect(answer.body.error.code).toBe('FORBIDDEN');
      expect(answer.body.error.message).toContain(`may not ${scope}`);
      expect(answer.headers.get('www-authenticate')).toBe(`Bearer realm="stowage-agent", error="insufficient_scope", scope="${scope}"`);
    }
    expect(await api.db.lease.count()).toBe(1);
    expect((await renew(lease.leaseId, { token: renewOnly })).status).toBe(200);
    expect(await api.db.lease.findUniqueOrThrow({ where: { id: lease.leaseId } })).toMatchObject({ releasedAt: null });
  });

  it('zones: acquire, renew and release only in zones the token covers (a lease of zone A, a token for zone B → 403)', async () => {
    const forEdge = await newToken('edge-agents', { zoneIds: [stagingZoneId] });
    const forZoneA = await newToken('zone-a-agents', { zoneIds: [backupZoneId] });
    // Acquire checks the target zone, named by id or by name.
    for (const target of [fromBackupZone(), { objectName: 'cirros', zoneName: 'ZONE-A', holder: 'h' }]) {
      const refused = await acquire(target, { token: forEdge.secret });
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toMatch(/^This token does not cover zone (ZONE-A|\S+)\.$/);
    }
    expect(await api.db.lease.count()).toBe(0);
    const { body: lease } = await acquire(fromBackupZone(), { token: forZoneA.secret });
    expect(await api.db.lease.findUniqueOrThrow({ where: { id: lease.leaseId } })).toMatchObject({ tokenId: forZoneA.token.id, tokenName: 'zone-a-agents' });
    for (const answer of [await renew(lease.leaseId, { token: forEdge.secret }), await release(lease.leaseId, { token: forEdge.secret }), await remove(lease.leaseId, { token: forEdge.secret })]) {
      expect(answer.status).toBe(403);
      expect(answer.body.error).toEqual({ code: 'FORBIDDEN', message: `Lease ${lease.leaseId} is in a zone this token does not cover.`, fieldErrors: null });
    }
    expect(await api.db.lease.findUniqueOrThrow({ where: { id: lease.leaseId } })).toMatchObject({ releasedAt: null });
    // A token of zone A, or one of every zone, may.
    expect((await renew(lease.leaseId, { token: forZoneA.secret })).status).toBe(200);
    expect((await release(lease.leaseId)).body).toMatchObject({ released: true });
  });

  it('every refusal is audited as token.denied, naming the token (or its prefix), never the secret', async () => {
    const { body: lease } = await acquire(fromBackupZone());
    const forEdge = await newToken('edge-agents', { zoneIds: [stagingZoneId] });
    const acquireOnly = await newToken('acquire-only', { scopes: ['acquire'] });
    const unknown = `stw_ZZZZZZZZ${'q'.repeat(35)}`;
    await api.db.event.deleteMany();
    await acquire(fromBackupZone(), { token: unknown });
    await acquire(fromBackupZone(), { token: 'password-pasted-by-mistake' });
    await acquire(fromBackupZone(), { token: null });
    await renew(lease.leaseId, { token: acquireOnly.secret });
    await acquire(fromBackupZone(), { token: forEdge.secret });
    await release(lease.leaseId, { token: forEdge.secret });
    await revokeAgentToken({ db: api.db, actor: 'ada' }, { tokenId: acquireOnly.token.id });
    await acquire(fromBackupZone(), { token: acquireOnly.secret });
    const denied = await api.db.event.findMany({ where: { type: 'token.denied' }, orderBy: { at: 'asc' } });
    expect(denied.map((event) => [event.actor, event.outcome, JSON.parse(event.data!).reason])).toEqual([
      ['unknown token stw_ZZZZZZZZ', 'denied', 'unknown token'],
      ['unknown token', 'denied', 'malformed token'],
      ['unknown token', 'denied', 'no bearer token'],
      ['acquire-only', 'denied', 'no renew scope'],
      ['edge-agents', 'denied', `This token does not cover zone ${backupZoneId}.`],
      ['edge-agents', 'denied', `Lease ${lease.leaseId} is in a zone this token does not cover.`],
      ['acquire-only', 'denied', 'revoked token'],
    ]);
    expect(denied[0]!.message).toBe('unknown token stw_ZZZZZZZZ was refused POST /api/agent/v1/acquire: unknown token');
    expect(denied[4]!.zoneId).toBe(backupZoneId);
    const everything = JSON.stringify(await api.db.event.findMany());
    for (const secret of [TOKEN, forEdge.secret, acquireOnly.secret, unknown, 'password-pasted-by-mistake']) {
      expect(everything).not.toContain(secret);
      expect(everything).not.toContain(secret.slice(12, 24));
    }
  });

  it('the secret of a token appears in no event row, whatever the token did', async () => {
    const { body: lease } = await acquire(fromBackupZone());
    await renew(lease.leaseId);
    await release(lease.leaseId);
    await acquire({ objectId: stagedObjectId, zoneId: stagingZoneId, holder: 'host-3', waitSeconds: 0 });
    const rows = JSON.stringify(await api.db.event.findMany());
    expect(rows).toContain('fleet');
    expect(rows).not.toContain(TOKEN);
    expect(rows).not.toContain(TOKEN.slice(12));
  });

  it('a cache hit in a staging zone (the prepared-statement path) records the token too', async () => {
    const stagingStore = await api.db.store.findFirstOrThrow({ where: { role: 'staging' } });
    await api.db.replica.create({
      data: { objectId: stagedObjectId, storeId: stagingStore.id, state: 'ready', location: `objects/${stagedObjectId}`, bytesTotal: BigInt(BYTES.length), bytesDone: BigInt(BYTES.length), verifiedSha256: SHA, readyAt: new Date() },
    });
    const hit = await acquire({ objectId: stagedObjectId, zoneId: stagingZoneId, holder: 'host-5', waitSeconds: 0 });
    expect(hit.status).toBe(200);
    expect(hit.body.hit).toBe(true);
    expect(await api.db.lease.findUniqueOrThrow({ where: { id: hit.body.leaseId } })).toMatchObject({ holder: 'host-5', tokenId, tokenName: 'fleet' });
  });
});

/* Client disconnects and internal errors ------------------------------------------------------------------ */

describe('client disconnects and internal errors', () => {
  it('a client gone before the call starts: nothing is done', async () => {
    const controller = new AbortController();
    controller.abort();
    const response = await agentAcquireRoute(request(`${BASE}/acquire`, { json: fromBackupZone(), signal: controller.signal }), on(), undefined);
    expect(response.status).toBe(499);
    expect(await api.db.lease.count()).toBe(0);
  });

  it('a client gone while its lease was being granted: the lease is released at once', async () => {
    const controller = new AbortController();
    // The client disconnects just as the acquire's transaction commits.
    const db = new Proxy(api.ctx.db, {
      get(target, key, receiver) {
        if (key !== '$transaction') return Reflect.get(target, key, receiver) as unknown;
        return async (...args: Parameters<typeof target.$transaction>) => {
          const result: unknown = await (target.$transaction as (...a: unknown[]) => Promise<unknown>)(...args);
          controller.abort();
          return result;
        };
      },
    });
    const response = await agentAcquireRoute(request(`${BASE}/acquire`, { json: fromBackupZone(), signal: controller.signal }), { ...on(), db }, undefined);
    expect(response.status).toBe(499);
    await vi.waitFor(async () => {
      expect(await api.db.lease.findMany()).toEqual([expect.objectContaining({ holder: 'host-17.zone-a', endReason: 'released', releasedAt: expect.any(Date) })]);
    });
  });

  it('a disconnect during the wait for a copy ends the request at once', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 300);
    const response = await agentAcquireRoute(
      request(`${BASE}/acquire`, { json: { objectId: stagedObjectId, zoneId: stagingZoneId, holder: 'gone', waitSeconds: 2 }, signal: controller.signal }),
      on(),
      undefined,
    );
    expect(response.status).toBe(499);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(await api.db.lease.count({ where: { releasedAt: null } })).toBe(0);
    // awaitLease itself keeps polling until its wait runs out (see the report); let it finish before the next test.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + 3000 - Date.now())));
  });

  it('an unexpected failure → 500 with a plain sentence, logged without the token', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const broken = new Proxy(api.ctx.db, {
      get(target, key, receiver) {
        if (key === 'dataObject') {
          return new Proxy(target.dataObject, {
            get: () => () => Promise.reject(new Error('disk I/O error at /var/lib/stowage/stowage.db')),
          });
        }
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const answer = await acquire({ objectName: 'cirros', zoneName: 'zone-a', holder: 'host-1' }, {}, { ...on(), db: broken });
    expect(answer.status).toBe(500);
    expect(answer.body.error).toEqual({ code: 'INTERNAL_SERVER_ERROR', message: 'Something went wrong on the server.', fieldErrors: null });
    expect(answer.text).not.toContain('disk I/O');
    expect(logged).toHaveBeenCalled();
    expect(JSON.stringify(logged.mock.calls.map((call) => call.map(String)))).not.toContain(TOKEN);
  });
});
