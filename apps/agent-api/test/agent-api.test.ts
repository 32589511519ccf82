/* The agent API's own server, started as `npm start` starts it (one Node process) on a throwaway data directory,
 * called over real HTTP: the same handlers as the web app's routes (acquire, renew, release, DELETE; the token
 * refusals), and what the server itself adds — 404 and 405, the body limit, the security headers, JSON errors
 * without a stack, a clean stop on SIGTERM. */
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, withSqlite, type Db } from '@stowage/db';
import { createAgentToken } from '@stowage/services';
import { BODY_LIMIT_BYTES } from '../src/server';
import { freshDataDir, seedReadyEntry, startAgentApi, type AgentApiProcess } from './support/agent-api-process';

let server: AgentApiProcess;
let db: Db;
let seeded: Awaited<ReturnType<typeof seedReadyEntry>>;
let token: string;

beforeAll(async () => {
  const { dataDir, url } = await freshDataDir();
  db = createDb({ url });
  seeded = await seedReadyEntry(db, path.join(dataDir, 'edge-cache'));
  ({ secret: token } = await createAgentToken(
    { db, actor: 'test' },
    { name: 'edge-agents', scopes: ['acquire', 'renew', 'release'], zoneIds: [seeded.zoneId], expiresInDays: 1 },
  ));
  server = await startAgentApi(dataDir);
});
afterAll(async () => {
  await server?.stop();
  await db?.$disconnect();
});

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: { error?: { message: string; code: string; fieldErrors: unknown }; [field: string]: unknown };
}

async function call(method: string, pathname: string, options: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  const bearer = options.token === undefined ? token : options.token;
  if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${server.origin}${pathname}`, { method, headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: text ? JSON.parse(text) : {} };
}

const acquireBody = (extra: Record<string, unknown> = {}) => ({ objectId: seeded.objectId, zoneId: seeded.zoneId, holder: 'kvm-host-1', ttlSeconds: 300, waitSeconds: 0, ...extra });
const liveLeases = () => db.lease.count({ where: { releasedAt: null } });

function expectSecurityHeaders(headers: Headers) {
  expect(headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  expect(headers.get('x-frame-options')).toBe('DENY');
}

describe('the agent API server', () => {
  it('logs one line with its URL, bound to 127.0.0.1', () => {
    expect(server.log.filter((line) => line.startsWith('[agent-api] serving'))).toEqual([`[agent-api] serving ${server.origin}/api/agent/v1/`]);
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('acquire (a cache hit), renew, release, and DELETE: the handlers of the web app, as the token', async () => {
    const acquired = await call('POST', '/api/agent/v1/acquire', { body: acquireBody() });
    expect(acquired.status).toBe(200);
    expect(acquired.json).toMatchObject({
      objectId: seeded.objectId,
      zoneId: seeded.zoneId,
      location: path.join(seeded.storeDir, 'objects', seeded.objectId),
      sizeBytes: 1024 * 1024,
      sha256: seeded.sha256,
      hit: true,
    });
    expect(acquired.headers.get('content-type')).toMatch(/^application\/json/);
    expect(acquired.headers.get('cache-control')).toBe('no-store');
    expect(acquired.headers.get('content-length')).toBe(String(Buffer.byteLength(acquired.text)));
    expectSecurityHeaders(acquired.headers);
    const leaseId = acquired.json.leaseId as string;
    expect(await db.lease.findUniqueOrThrow({ where: { id: leaseId } })).toMatchObject({ holder: 'kvm-host-1', tokenName: 'edge-agents', releasedAt: null });

    const renewed = await call('POST', `/api/agent/v1/leases/${leaseId}/renew`, { body: { ttlSeconds: 600 } });
    expect(renewed.status).toBe(200);
    expect(renewed.json.leaseId).toBe(leaseId);
    expect(new Date(renewed.json.expiresAt as string).getTime()).toBeGreaterThan(new Date(acquired.json.expiresAt as string).getTime());

    const released = await call('POST', `/api/agent/v1/leases/${leaseId}/release`);
    expect(released).toMatchObject({ status: 200, json: { leaseId, released: true, endReason: 'released' } });
    expect((await call('POST', `/api/agent/v1/leases/${leaseId}/renew`)).status).toBe(412);

    const second = (await call('POST', '/api/agent/v1/acquire', { body: acquireBody({ holder: 'kvm-host-2' }) })).json.leaseId as string;
    expect(await call('DELETE', `/api/agent/v1/leases/${second}`)).toMatchObject({ status: 200, json: { leaseId: second, released: true, endReason: 'released' } });
    expect(await call('DELETE', `/api/agent/v1/leases/${second}`)).toMatchObject({ status: 200, json: { released: false, endReason: 'released' } });
    expect((await call('DELETE', '/api/agent/v1/leases/cmwvzu1cn000kvg7dtifm3olq')).status).toBe(404);
    expect(await liveLeases()).toBe(0);
  });

  it('401 without a token or with a bad one (WWW-Authenticate), audited; 403 for a zone the token does not cover', async () => {
    const none = await call('POST', '/api/agent/v1/acquire', { token: null, body: acquireBody() });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="stowage-agent"');
    expect(none.json.error).toMatchObject({ code: 'UNAUTHORIZED' });
    expectSecurityHeaders(none.headers);

    const bad = await call('POST', '/api/agent/v1/leases/cmwvzu1cn000kvg7dtifm3olq/release', { token: `stw_${'A'.repeat(43)}` });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toBe('Bearer realm="stowage-agent", error="invalid_token"');
    expect(bad.json.error).toEqual({ message: 'The agent token is not valid.', code: 'UNAUTHORIZED', fieldErrors: null });
    const denied = await db.event.findFirstOrThrow({ where: { type: 'token.denied', actor: 'unknown token stw_AAAAAAAA' } });
    expect(denied.message).toBe('unknown token stw_AAAAAAAA was refused POST /api/agent/v1/leases/cmwvzu1cn000kvg7dtifm3olq/release: unknown token');

    const elsewhere = await call('POST', '/api/agent/v1/acquire', { body: acquireBody({ zoneId: seeded.otherZoneId }) });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.json.error).toEqual({ message: `This token does not cover zone ${seeded.otherZoneId}.`, code: 'FORBIDDEN', fieldErrors: null });
    expect(await liveLeases()).toBe(0);
  });

  it('any other path is a JSON 404; a wrong method a 405 with Allow', async () => {
    for (const pathname of ['/', '/api/trpc/zone.list', '/api/agent/v1/acquire/', '/api/agent/v1/leases', '/api/agent/v1/leases/x/renew/more', '/api/agent/v2/acquire']) {
      const answer = await call('POST', pathname);
      expect(answer.status, pathname).toBe(404);
      expect(answer.json.error).toMatchObject({ code: 'NOT_FOUND', fieldErrors: null });
      expectSecurityHeaders(answer.headers);
    }
    const wrong: [string, string, string][] = [
      ['GET', '/api/agent/v1/acquire', 'POST'],
      ['PUT', '/api/agent/v1/acquire', 'POST'],
      ['DELETE', '/api/agent/v1/leases/cmwvzu1cn000kvg7dtifm3olq/renew', 'POST'],
      ['GET', '/api/agent/v1/leases/cmwvzu1cn000kvg7dtifm3olq/release', 'POST'],
      ['POST', '/api/agent/v1/leases/cmwvzu1cn000kvg7dtifm3olq', 'DELETE'],
    ];
    for (const [method, pathname, allow] of wrong) {
      const answer = await call(method, pathname);
      expect(answer.status, `${method} ${pathname}`).toBe(405);
      expect(answer.headers.get('allow')).toBe(allow);
      expect(answer.json.error).toMatchObject({ code: 'METHOD_NOT_ALLOWED' });
    }
    // A query string does not change the endpoint; a malformed lease id is the handler's 400.
    expect((await call('POST', `/api/agent/v1/acquire?x=1`, { body: acquireBody({ holder: 'query' }) })).status).toBe(200);
    expect((await call('DELETE', '/api/agent/v1/leases/%E0%A4%A')).status).toBe(400);
    await db.lease.updateMany({ where: { releasedAt: null }, data: { releasedAt: new Date(), endReason: 'released' } });
  });

  it('a body over 64 KiB is 413 (by Content-Length, or while reading a chunked one) and changes nothing, however large; exactly 64 KiB is read', async () => {
    const padded = (size: number) => {
      const json = JSON.stringify(acquireBody({ holder: 'padded' }));
      return json.slice(0, -1) + ' '.repeat(size - Buffer.byteLength(json)) + '}';
    };
    const before = await db.lease.count();
    const declared = await call('POST', '/api/agent/v1/acquire', { body: padded(BODY_LIMIT_BYTES + 1) });
    expect(declared.status).toBe(413);
    expect(declared.json.error).toEqual({ message: 'The request body is larger than 64 KiB.', code: 'PAYLOAD_TOO_LARGE', fieldErrors: null });
    expectSecurityHeaders(declared.headers);
    // A client still sending a much larger body reads its 413 (the rest is discarded), not a reset connection.
    const huge = await call('POST', '/api/agent/v1/acquire', { body: padded(64 * BODY_LIMIT_BYTES) });
    expect(huge.status).toBe(413);
    // The token is checked first, as in the web app.
    expect((await call('POST', '/api/agent/v1/acquire', { token: null, body: padded(BODY_LIMIT_BYTES + 1) })).status).toBe(401);

    const chunked = await chunkedPost('/api/agent/v1/acquire', Buffer.from(padded(4 * BODY_LIMIT_BYTES)));
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body)).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(await db.lease.count()).toBe(before);

    const exactly = await call('POST', '/api/agent/v1/acquire', { body: padded(BODY_LIMIT_BYTES) });
    expect(exactly.status).toBe(200);
    expect(await db.lease.count()).toBe(before + 1);
    await call('POST', `/api/agent/v1/leases/${exactly.json.leaseId as string}/release`);
  });

  it('malformed JSON is 400, a body not sent as JSON 415, invalid fields 400 with field errors', async () => {
    const malformed = await call('POST', '/api/agent/v1/acquire', { body: '{"objectId": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error).toEqual({ message: 'The body is not valid JSON.', code: 'BAD_REQUEST', fieldErrors: null });
    expect((await call('POST', '/api/agent/v1/acquire', { body: 'holder=x', headers: { 'content-type': 'text/plain' } })).status).toBe(415);
    const invalid = await call('POST', '/api/agent/v1/acquire', { body: acquireBody({ ttl: 5 }) });
    expect(invalid.status).toBe(400);
    expect(invalid.json.error?.fieldErrors).toEqual({ ttl: ['Unknown field'] });
  });

  it('a client that goes away while its acquire waits for a copy: the wait stops, and no lease is left behind', async () => {
    const controller = new AbortController();
    const pending = fetch(`${server.origin}/api/agent/v1/acquire`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(acquireBody({ objectId: seeded.stagedObjectId, holder: 'gone', waitSeconds: 30 })),
      signal: controller.signal,
    }).then(
      () => 'answered',
      () => 'aborted',
    );
    const entry = { objectId: seeded.stagedObjectId, storeId: seeded.storeId };
    await until(() => db.replica.findFirst({ where: entry }), 'the miss to make the entry');
    controller.abort();
    expect(await pending).toBe('aborted');
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The copy finishes now. A handler still waiting would lease it for a client nobody answers.
    await db.replica.updateMany({ where: entry, data: { state: 'ready', bytesDone: BigInt(1024 * 1024), verifiedSha256: seeded.sha256, readyAt: new Date() } });
    await new Promise((resolve) => setTimeout(resolve, 1000)); // five of awaitLease's polls
    expect(await db.lease.count({ where: { holder: 'gone' } })).toBe(0);
    // The entry is there for the next caller.
    const next = await call('POST', '/api/agent/v1/acquire', { body: acquireBody({ objectId: seeded.stagedObjectId, holder: 'next' }) });
    expect(next.status).toBe(200);
    await call('POST', `/api/agent/v1/leases/${next.json.leaseId as string}/release`);
  });

  it('an internal error is a JSON 500 without a stack, in the handlers and around them; the error goes to the log', async () => {
    const { secret: fresh } = await createAgentToken({ db, actor: 'test' }, { name: 'fresh-agents', scopes: ['acquire', 'release'], zoneIds: [], expiresInDays: 1 });
    // The handler's own failure: the lease table gone under a hit.
    await withSqlite(db, (connection) => connection.exec('ALTER TABLE "Lease" RENAME TO "LeaseGone"'));
    try {
      const inHandler = await call('POST', '/api/agent/v1/acquire', { body: acquireBody() });
      expect(inHandler.status).toBe(500);
      expect(inHandler.json.error).toEqual({ message: 'Something went wrong on the server.', code: 'INTERNAL_SERVER_ERROR', fieldErrors: null });
    } finally {
      await withSqlite(db, (connection) => connection.exec('ALTER TABLE "LeaseGone" RENAME TO "Lease"'));
    }
    // A failure no handler catches: the token table gone while verifying a token not yet cached.
    await withSqlite(db, (connection) => connection.exec('ALTER TABLE "AgentToken" RENAME TO "AgentTokenGone"'));
    try {
      const around = await call('POST', '/api/agent/v1/acquire', { token: fresh, body: acquireBody() });
      expect(around.status).toBe(500);
      expect(around.json.error).toEqual({ message: 'Something went wrong on the server.', code: 'INTERNAL_SERVER_ERROR', fieldErrors: null });
      expectSecurityHeaders(around.headers);
      expect(around.text).not.toMatch(/\bat \S+ \(|node_modules|\.ts:\d+/);
    } finally {
      await withSqlite(db, (connection) => connection.exec('ALTER TABLE "AgentTokenGone" RENAME TO "AgentToken"'));
    }
    expect(server.log.join('\n')).toMatch(/\[agent-api\] a request failed:[\s\S]*AgentToken/);
    // And it keeps serving.
    expect((await call('POST', '/api/agent/v1/acquire', { token: fresh, body: acquireBody({ zoneId: seeded.zoneId }) })).status).toBe(200);
  });

  it('SIGTERM: closes the server, disconnects the database, exits 0', async () => {
    const exit = await server.stop();
    expect(exit).toEqual({ code: 0, signal: null });
    expect(server.log).toContain('[agent-api] SIGTERM: stopping');
    await expect(fetch(`${server.origin}/api/agent/v1/acquire`, { method: 'POST' })).rejects.toThrow();
  });
});

async function until<T>(probe: () => Promise<T | null | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A POST with a chunked body (no Content-Length), sent in 16 KiB writes; the answer may come before the end. */
function chunkedPost(pathname: string, body: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${server.origin}${pathname}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
    });
    request.on('response', (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    request.on('error', reject);
    const write = (offset: number) => {
      if (offset >= body.length || request.destroyed) return void request.end();
      request.write(body.subarray(offset, offset + 16 * 1024), () => setImmediate(() => write(offset + 16 * 1024)));
    };
    write(0);
  });
}
