/* The routes people's browsers call, with real session cookies: /api/trpc (handleTrpcRequest, what apps/web
 * mounts) and the sessionRoute ones (the upload). A request that changes something and comes from another site
 * is refused before anything runs; reads never are; a refreshed session cookie reaches the browser. */
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadRoute } from '../src/routes';
import { handleTrpcRequest } from '../src/trpc-route';
import { useApi } from './support';
import { HOST, ORIGIN, routeRuntime, signedInCookie } from './route-runtime';

const api = useApi();
let runtime: ReturnType<typeof routeRuntime>;
let admin: string;

beforeAll(async () => {
  runtime = routeRuntime(api.db);
  admin = await signedInCookie(runtime, 'route-admin', 'admin');
});
afterAll(() => runtime?.cleanup());

const CROSS_SITE: [string, Record<string, string>][] = [
  ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }],
  ['Sec-Fetch-Site: same-site (a sibling subdomain)', { 'sec-fetch-site': 'same-site', origin: 'http://other.127.0.0.1:3000' }],
  ['Sec-Fetch-Site: none on a POST', { 'sec-fetch-site': 'none' }],
  ['a foreign Origin, no Sec-Fetch-Site (an older browser)', { origin: 'https://evil.example' }],
  ['Origin: null (a sandboxed iframe, a data: URL)', { origin: 'null' }],
  ['an Origin on another port of the same host', { origin: 'http://127.0.0.1:4000' }],
  ['an Origin that is not a URL', { origin: 'not a url' }],
];
const ALLOWED: [string, Record<string, string>][] = [
  ['same-origin', { 'sec-fetch-site': 'same-origin', origin: ORIGIN }],
  ['the same Origin without Sec-Fetch-Site', { origin: ORIGIN }],
  ['no browser headers at all (curl, a script)', {}],
];

let zoneCount = 0;
function createZoneRequest(headers: Record<string, string>) {
  return new Request(`${ORIGIN}/api/trpc/zone.create`, {
    method: 'POST',
    headers: { host: HOST, 'content-type': 'application/json', cookie: admin, ...headers },
    body: JSON.stringify(superjson.serialize({ name: `route-zone-${++zoneCount}` })),
  });
}

describe('/api/trpc', () => {
  it.each(CROSS_SITE)('a mutation with %s → 403 CROSS_SITE, nothing changed', async (_what, headers) => {
    const before = await api.db.zone.count();
    const response = await handleTrpcRequest(createZoneRequest(headers), runtime);
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('CROSS_SITE');
    expect(await api.db.zone.count()).toBe(before);
  });

  it.each(ALLOWED)('a mutation from %s goes through', async (_what, headers) => {
    const response = await handleTrpcRequest(createZoneRequest(headers), runtime);
    expect(response.status).toBe(200);
  });

  it('a GET (a query) is never refused for where it came from', async () => {
    for (const [, headers] of [...CROSS_SITE, ...ALLOWED]) {
      const response = await handleTrpcRequest(new Request(`${ORIGIN}/api/trpc/zone.list`, { headers: { host: HOST, cookie: admin, ...headers } }), runtime);
      expect(response.status).toBe(200);
    }
  });

  it('a mutation sent as GET (no method override) is refused, not run', async () => {
    const input = encodeURIComponent(JSON.stringify(superjson.serialize({ name: 'by-get' })));
    const response = await handleTrpcRequest(new Request(`${ORIGIN}/api/trpc/zone.create?input=${input}`, { headers: { host: HOST, cookie: admin } }), runtime);
    expect(response.status).toBe(405);
    expect(await api.db.zone.count({ where: { name: 'by-get' } })).toBe(0);
  });

  it('without a session: 401; with a tampered one: 401', async () => {
    const anonymous = await handleTrpcRequest(new Request(`${ORIGIN}/api/trpc/zone.list`, { headers: { host: HOST } }), runtime);
    expect(anonymous.status).toBe(401);
    const tampered = await handleTrpcRequest(new Request(`${ORIGIN}/api/trpc/zone.list`, { headers: { host: HOST, cookie: admin.replace(/=(.)/, (_all, first: string) => `=${first === 'X' ? 'Y' : 'X'}`) } }), runtime);
    expect(tampered.status).toBe(401);
  });

  it('a session due for its sliding refresh: the answer carries the new cookie (resHeaders)', async () => {
    const cookie = await signedInCookie(runtime, 'sliding-viewer', 'viewer');
    const user = await api.db.user.findUniqueOrThrow({ where: { username: 'sliding-viewer' } });
    // Last slid two minutes ago (the refresh interval is 60 s for a one-hour idle timeout).
    await api.db.session.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() + 3600_000 - 120_000) } });
    const response = await handleTrpcRequest(new Request(`${ORIGIN}/api/trpc/account.me`, { headers: { host: HOST, cookie } }), runtime);
    expect(response.status).toBe(200);
    const setCookie = response.headers.getSetCookie().join('\n');
    expect(setCookie).toMatch(/^stowage\.session_token=/m);
    expect(setCookie).toMatch(/HttpOnly/i);
    // And the next call, right after, needs no refresh.
    const again = await handleTrpcRequest(new Request(`${ORIGIN}/api/trpc/account.me`, { headers: { host: HOST, cookie } }), runtime);
    expect(again.headers.getSetCookie()).toEqual([]);
  });
});

describe('sessionRoute (the upload)', () => {
  const upload = (headers: Record<string, string>) =>
    uploadRoute(
      new Request(`${ORIGIN}/api/objects/upload?name=x&kind=iso&format=iso&originZoneId=none`, {
        method: 'POST',
        headers: { host: HOST, cookie: admin, ...headers },
        body: 'x',
      }),
      runtime,
    );

  it.each(CROSS_SITE)('%s → 403 CROSS_SITE before the session is even looked at', async (_what, headers) => {
    const response = await upload(headers);
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('CROSS_SITE');
  });

  it.each(ALLOWED)('%s reaches the handler (which then judges the upload itself)', async (_what, headers) => {
    const response = await upload(headers);
    expect(response.status).not.toBe(403);
    expect(response.status).not.toBe(401);
  });

  it('a refreshed session cookie is passed on by sessionRoute too', async () => {
    const cookie = await signedInCookie(runtime, 'sliding-operator', 'operator');
    const user = await api.db.user.findUniqueOrThrow({ where: { username: 'sliding-operator' } });
    await api.db.session.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() + 3600_000 - 120_000) } });
    const response = await uploadRoute(
      new Request(`${ORIGIN}/api/objects/upload?name=x&kind=iso&format=iso&originZoneId=none`, { method: 'POST', headers: { host: HOST, cookie }, body: 'x' }),
      runtime,
    );
    expect(response.headers.getSetCookie().join('\n')).toMatch(/^stowage\.session_token=/m);
  });
});
