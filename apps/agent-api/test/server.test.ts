/* What the server hands the routes, seen in process with the routes replaced by one that echoes its request:
 * the client address no client can set (the socket's peer, or the trusted proxy header's last address), the
 * path without its query, the lease id decoded from the path, the body as sent, a signal that aborts when the
 * client goes away. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AgentRequest } from '@stowage/api';
import { CLIENT_ADDRESS_HEADER } from '../../web/server/client-address.mjs';
import { createAgentServer, originOfAddress } from '../src/server';

interface Seen {
  route: string;
  pathname: string;
  method: string;
  headers: Record<string, string | null>;
  body: string;
  params: unknown;
}
const seen = vi.hoisted(() => [] as Seen[]);
const HEADERS_SEEN = ['host', 'x-stowage-client-address', 'content-type'];

vi.mock('@stowage/api', () => {
  const echo = (route: string) => async (request: AgentRequest, _runtime: unknown, params: unknown) => {
    const { bytes } = await request.readBody(64 * 1024);
    const headers = Object.fromEntries(HEADERS_SEEN.map((name) => [name, request.header(name)]));
    const call = { route, pathname: request.pathname, method: request.method, headers, body: bytes ? Buffer.from(bytes).toString('utf8') : '', params };
    if (request.header('x-wait-for-abort')) {
      seen.push({ ...call, route: 'waiting' });
      await new Promise((resolve) => request.signal.addEventListener('abort', resolve));
      seen.push({ ...call, route: 'aborted' });
    } else {
      seen.push(call);
    }
    return { status: 200, body: { ok: true }, headers: { 'cache-control': 'no-store' } };
  };
  return { agentAcquire: echo('acquire'), agentRenew: echo('renew'), agentRelease: echo('release') };
});

const runtime = {} as Parameters<typeof createAgentServer>[0]['runtime'];
const servers: http.Server[] = [];

async function listening(trustedProxyHeader?: string): Promise<string> {
  const server = createAgentServer({ runtime, trustedProxyHeader });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return originOfAddress(server.address() as AddressInfo);
}

function send(origin: string, method: string, pathname: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${origin}${pathname}`, { method, headers }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

let plain: string;
let proxied: string;
beforeAll(async () => {
  plain = await listening();
  proxied = await listening('x-forwarded-for');
});
afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('what the handlers get', () => {
  it('the client address is the socket peer, whatever the client sent under that name; the path without its query', async () => {
    const body = JSON.stringify({ holder: 'h' });
    const answer = await send(plain, 'POST', '/api/agent/v1/acquire?ignored=1', {
      host: 'evil.example',
      [CLIENT_ADDRESS_HEADER]: '203.0.113.9',
      'x-forwarded-for': '198.51.100.1',
      'content-type': 'application/json',
    }, body);
    expect(answer).toEqual({ status: 200, text: '{"ok":true}' });
    expect(seen.at(-1)).toMatchObject({ route: 'acquire', pathname: '/api/agent/v1/acquire', method: 'POST', body, params: undefined });
    expect(seen.at(-1)!.headers[CLIENT_ADDRESS_HEADER]).toBe('127.0.0.1');
    expect(seen.at(-1)!.headers.host).toBe('evil.example');
  });

  it('behind the proxy the admin trusts, the last address of its header', async () => {
    await send(proxied, 'POST', '/api/agent/v1/leases/abc/renew', { [CLIENT_ADDRESS_HEADER]: '203.0.113.9', 'x-forwarded-for': '198.51.100.1, 10.0.0.7' });
    expect(seen.at(-1)).toMatchObject({ route: 'renew', params: { leaseId: 'abc' }, body: '' });
    expect(seen.at(-1)!.headers[CLIENT_ADDRESS_HEADER]).toBe('10.0.0.7');
    await send(proxied, 'POST', '/api/agent/v1/leases/abc/release', {});
    expect(seen.at(-1)!.headers[CLIENT_ADDRESS_HEADER]).toBe('127.0.0.1');
  });

  it('the lease id is decoded from its path segment; DELETE on a lease and POST …/release are the release route', async () => {
    await send(plain, 'DELETE', '/api/agent/v1/leases/a%2Fb%20c', {});
    expect(seen.at(-1)).toMatchObject({ route: 'release', method: 'DELETE', params: { leaseId: 'a/b c' }, pathname: '/api/agent/v1/leases/a%2Fb%20c' });
    await send(plain, 'POST', '/api/agent/v1/leases/x/release', {});
    expect(seen.at(-1)).toMatchObject({ route: 'release', method: 'POST', params: { leaseId: 'x' } });
  });

  it('the signal aborts when the client goes away before the answer', async () => {
    await new Promise<void>((resolve) => {
      const request = http.request(`${plain}/api/agent/v1/acquire`, { method: 'POST', headers: { 'x-wait-for-abort': '1' } });
      request.on('error', () => undefined);
      request.end();
      const poll = setInterval(() => {
        if (seen.at(-1)?.route !== 'waiting') return;
        clearInterval(poll);
        request.destroy();
        resolve();
      }, 10);
    });
    await expect.poll(() => seen.at(-1)?.route).toBe('aborted');
  });
});
