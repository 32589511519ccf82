/* Every route the web app serves bounds what it reads of a request body: by Content-Length when one is sent,
 * and while reading when there is none (chunked) or it is smaller than what follows. A body that never ends
 * is read no further than the limit. (/api/auth's 4 KiB: packages/auth/test/oversize-body.test.ts.) */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, readJsonObject } from '../src/agent/http';
import { fetchAgentRequest } from '../src/agent/message';
import { uploadRoute } from '../src/routes';
import { handleTrpcRequest, MAX_TRPC_BODY_BYTES } from '../src/trpc-route';
import { createZone, registerNfs, useApi } from './support';
import { endlessBody, HOST, ORIGIN, routeRuntime, signedInCookie } from './route-runtime';

const api = useApi();
let runtime: ReturnType<typeof routeRuntime>;
let adminCookie: string;
let operatorCookie: string;

beforeAll(async () => {
  runtime = routeRuntime(api.db);
  adminCookie = await signedInCookie(runtime, 'big-admin', 'admin');
  operatorCookie = await signedInCookie(runtime, 'big-operator', 'operator');
});
afterAll(() => runtime?.cleanup());

const init = (body: RequestInit['body'], headers: Record<string, string>): RequestInit =>
  ({ method: 'POST', body, headers: { host: HOST, origin: ORIGIN, ...headers }, duplex: 'half' }) as RequestInit;

describe('/api/trpc: 1 MiB', () => {
  const trpc = (body: RequestInit['body'], headers: Record<string, string> = {}) =>
    handleTrpcRequest(
      new Request(`${ORIGIN}/api/trpc/zone.create`, init(body, { 'content-type': 'application/json', cookie: adminCookie, ...headers })),
      runtime,
    );
  const zoneBody = (padding: number) => JSON.stringify({ json: { name: 'big', padding: ' '.repeat(padding) } });

  it('an ordinary call goes through', async () => {
    const response = await trpc(JSON.stringify(superjson.serialize({ name: 'small-zone' })));
    expect(response.status).toBe(200);
  });

  it('a Content-Length over 1 MiB → 413 before anything is read', async () => {
    const { stream, pulled } = endlessBody();
    const response = await trpc(stream, { 'content-length': String(MAX_TRPC_BODY_BYTES + 1) });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe('The request body is larger than 1 MiB.');
    expect(pulled()).toBeLessThanOrEqual(64 * 1024);
  });

  it('a body without Content-Length (chunked) that never ends → 413, read no further than 1 MiB', async () => {
    const { stream, pulled } = endlessBody();
    const response = await trpc(stream);
    expect(response.status).toBe(413);
    expect(pulled()).toBeLessThanOrEqual(MAX_TRPC_BODY_BYTES + 64 * 1024);
  });

  it('a Content-Length that lies (10 bytes announced, 2 MiB sent) → 413', async () => {
    const response = await trpc(zoneBody(2 * MAX_TRPC_BODY_BYTES), { 'content-length': '10' });
    expect(response.status).toBe(413);
    expect(await api.db.zone.count({ where: { name: 'big' } })).toBe(0);
  });

  it('just under 1 MiB without Content-Length is read whole', async () => {
    const body = zoneBody(MAX_TRPC_BODY_BYTES - 200);
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MAX_TRPC_BODY_BYTES);
    const stream = new ReadableStream({ start: (controller) => (controller.enqueue(new TextEncoder().encode(body)), controller.close()) });
    const response = await trpc(stream);
    // The input is refused for its unknown field or accepted: either way, read and answered by the router.
    expect([200, 400]).toContain(response.status);
  });
});

describe('/api/objects/upload: Content-Length required, and the body must match it', () => {
  let zoneId: string;
  let root: string;
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  beforeAll(async () => {
    // Not a useTempDirs() directory: those go after each test, this store serves the whole block.
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-upload-store-'));
    const zone = await createZone(api.caller, 'upload-zone');
    zoneId = zone.id;
    await registerNfs(api.caller, { name: 'upload-nfs', zoneId, path: root });
  });
  const uploadUrl = (name: string) => `${ORIGIN}/api/objects/upload?name=${name}&kind=iso&format=iso&originZoneId=${zoneId}`;

  it('no Content-Length → 411 without reading the body', async () => {
    const { stream, pulled } = endlessBody();
    const response = await uploadRoute(new Request(uploadUrl('chunked'), init(stream, { cookie: operatorCookie })), runtime);
    expect(response.status).toBe(411);
    expect(pulled()).toBeLessThanOrEqual(64 * 1024);
  });

  it('a Content-Length over the ingest limit → 400 on "file" without reading the body', async () => {
    await api.caller.settings.updateIngest({ allowedNetworks: [], maxBytes: 1024 * 1024 });
    const { stream, pulled } = endlessBody();
    const response = await uploadRoute(new Request(uploadUrl('huge'), init(stream, { cookie: operatorCookie, 'content-length': String(2 ** 40) })), runtime);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { fieldErrors: Record<string, string[]> } }).error.fieldErrors.file?.[0]).toMatch(/larger than the limit/);
    expect(pulled()).toBeLessThanOrEqual(64 * 1024);
  });

  it('a Content-Length that lies (10 bytes announced, a body that never ends) → refused, nothing kept, read no further than the announced size', async () => {
    const { stream, pulled } = endlessBody();
    const response = await uploadRoute(new Request(uploadUrl('liar'), init(stream, { cookie: operatorCookie, 'content-length': '10' })), runtime);
    expect(response.status).toBe(422);
    const body = (await response.json()) as { objectId: string; error: { message: string } };
    expect(body.error.message).toMatch(/^[A-Z].*\.$/);
    expect(fs.existsSync(path.join(root, 'objects', body.objectId))).toBe(false);
    expect(pulled()).toBeLessThanOrEqual(256 * 1024);
  });

  it('a body shorter than its Content-Length → refused, nothing kept', async () => {
    const response = await uploadRoute(
      new Request(uploadUrl('short'), init(new Uint8Array(100), { cookie: operatorCookie, 'content-length': '1000' })),
      runtime,
    );
    expect(response.status).toBe(422);
    const body = (await response.json()) as { objectId: string };
    expect(fs.existsSync(path.join(root, 'objects', body.objectId))).toBe(false);
  });
});

describe('agent routes: 64 KiB (readJsonObject, which every agent route reads its body through)', () => {
  const request = (body: NonNullable<RequestInit['body']>, headers: Record<string, string> = {}) =>
    fetchAgentRequest(new Request(`${ORIGIN}/api/agent/v1/acquire`, init(body, { 'content-type': 'application/json', ...headers })));

  it('a Content-Length over 64 KiB → 413 before anything is read', async () => {
    const { stream, pulled } = endlessBody();
    const result = await readJsonObject(request(stream, { 'content-length': String(MAX_BODY_BYTES + 1) }));
    expect(result.ok || result.response.status).toBe(413);
    expect(pulled()).toBeLessThanOrEqual(64 * 1024);
  });

  it('a body without Content-Length that never ends → 413, read no further than 64 KiB', async () => {
    const { stream, pulled } = endlessBody(4096);
    const result = await readJsonObject(request(stream));
    expect(result.ok || result.response.status).toBe(413);
    expect(pulled()).toBeLessThanOrEqual(MAX_BODY_BYTES + 3 * 4096);
  });

  it('a Content-Length that lies (10 announced, 1 MiB sent) → 413', async () => {
    const result = await readJsonObject(request(JSON.stringify({ pad: 'x'.repeat(1024 * 1024) }), { 'content-length': '10' }));
    expect(result.ok || result.response.status).toBe(413);
  });
});
