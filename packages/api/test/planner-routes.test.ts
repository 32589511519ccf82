/* The Planner's HTTP routes: the curve and the trace as CSV downloads (viewer), a trace CSV imported and planned
 * without being stored (operator), each letting in exactly the roles it declares; bad input refused by line,
 * oversize bodies refused before they are read whole. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessAllows, type Role } from '@stowage/core';
import { bulkInsert, type BulkValue } from '@stowage/db';
import { plannerCurveCsvRoute, plannerImportRoute, plannerTraceCsvRoute } from '../src/routes';
import type { SessionRoute } from '../src/session-route';
import { endlessBody, HOST, ORIGIN, routeRuntime, signedInCookie } from './route-runtime';
import { resetDb, useApi } from './support';

const api = useApi();
let runtime: ReturnType<typeof routeRuntime>;
const cookies = new Map<Role, string>();
let zoneId: string;

beforeAll(async () => {
  await resetDb(api.db);
  runtime = routeRuntime(api.db);
  for (const role of ['viewer', 'operator', 'admin'] as const) cookies.set(role, await signedInCookie(runtime, `planner-${role}`, role));
  const zone = await api.db.zone.create({ data: { name: 'plan-zone', nameKey: 'plan-zone', mode: 'backup' } });
  zoneId = zone.id;
  const now = Date.now();
  const rows: BulkValue[][] = [];
  for (let i = 0; i < 400; i++) rows.push([new Date(now - 3_600_000 + i * 1000), zone.id, 'store-1', `object-${i % 17}`, BigInt(1_000 + (i % 17)), i % 3 === 0]);
  await bulkInsert(api.db, 'CacheAccess', ['at', 'zoneId', 'storeId', 'objectId', 'sizeBytes', 'hit'], rows);
});
afterAll(() => runtime?.cleanup());

const get = (route: SessionRoute, query: string, cookie?: string) =>
  route(new Request(`${ORIGIN}/api/planner/x?${query}`, { headers: { host: HOST, ...(cookie ? { cookie } : {}) } }), runtime);
const post = (body: string | Uint8Array | ReadableStream<Uint8Array>, headers: Record<string, string> = {}, query = '') =>
  plannerImportRoute(
    new Request(`${ORIGIN}/api/planner/import${query}`, {
      method: 'POST',
      body,
      headers: { host: HOST, origin: ORIGIN, 'content-type': 'text/csv', cookie: cookies.get('operator')!, ...headers },
      duplex: 'half',
    } as RequestInit),
    runtime,
  );

describe('who may call the planner routes', () => {
  const routes = { plannerCurveCsvRoute, plannerTraceCsvRoute, plannerImportRoute } as const;
  it.each(
    (Object.keys(routes) as (keyof typeof routes)[]).flatMap((name) => (['nobody', 'viewer', 'operator', 'admin'] as const).map((who) => [name, who] as const)),
  )('%s as %s', async (name, who) => {
    const route = routes[name];
    const role = who === 'nobody' ? null : who;
    const cookie = role ? cookies.get(role) : undefined;
    const response =
      name === 'plannerImportRoute'
        ? await route(new Request(`${ORIGIN}/api/planner/import`, { method: 'POST', body: '1764583200000,a,1\n', headers: { host: HOST, origin: ORIGIN, ...(cookie ? { cookie } : {}) } }), runtime)
        : await get(route, `zoneId=${zoneId}&windowDays=7`, cookie);
    const allowed = accessAllows(route.access, role ? { role, mustChangePassword: false } : null);
    expect(response.status).toBe(allowed ? 200 : role ? 403 : 401);
  });
});

describe('CSV downloads', () => {
  it('the trace: a header, one line per access in the window, as an attachment', async () => {
    const response = await get(plannerTraceCsvRoute, `zoneId=${zoneId}&windowDays=1`, cookies.get('viewer'));
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="plan-zone-trace-1d.csv"');
    const lines = (await response.text()).trimEnd().split('\n');
    expect(lines[0]).toBe('time,object,size,hit');
    expect(lines).toHaveLength(401);
    expect(lines[1]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z,object-0,1000,1$/);
  });

  it('the curve: a line per capacity', async () => {
    const response = await get(plannerCurveCsvRoute, `zoneId=${zoneId}&windowDays=7`, cookies.get('viewer'));
    const lines = (await response.text()).trimEnd().split('\n');
    expect(lines[0]).toBe('capacity_bytes,hit_ratio,byte_hit_ratio,exact,pull_bytes_per_day');
    expect(lines.length).toBeGreaterThan(200);
  });

  it.each([
    ['windowDays=5', 400, /1, 7, 30 or 90/],
    ['windowDays=abc', 400, /1, 7, 30 or 90/],
    ['zoneId=../../etc&windowDays=7', 400, /Invalid id/],
    ['zoneId=nope&windowDays=7', 404, /does not exist/],
  ])('refuses %s', async (query, status, message) => {
    const full = query.startsWith('zoneId') ? query : `zoneId=${zoneId}&${query}`;
    for (const route of [plannerTraceCsvRoute, plannerCurveCsvRoute]) {
      const response = await get(route, full, cookies.get('viewer'));
      expect(response.status).toBe(status);
      const body = (await response.json()) as { error: { message: string; fieldErrors: unknown } };
      expect(`${body.error.message} ${JSON.stringify(body.error.fieldErrors)}`).toMatch(message);
      expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
    }
  });
});

describe('importing a trace CSV', () => {
  it('answers the plan of the imported trace, stores nothing', async () => {
    const before = await api.db.cacheAccess.count();
    const csv = ['time,object,size', ...Array.from({ length: 300 }, (_, i) => `${1764583200000 + i * 60_000},img-${i % 9},${(1 + (i % 9)) * 1024}`)].join('\n');
    const response = await post(csv, {}, '?targetPercent=80');
    expect(response.status).toBe(200);
    const view = (await response.json()) as { zone: null; accesses: number; target: { hitRatio: number } };
    expect(view).toMatchObject({ zone: null, accesses: 300, target: { hitRatio: 0.8 } });
    expect(await api.db.cacheAccess.count()).toBe(before);
  });

  it('a bad line is named', async () => {
    const response = await post('2026-12-01T10:00:00Z,a,100\n2026-12-01T10:01:00Z,b,lots\n');
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string; fieldErrors: Record<string, string[]> } };
    expect(body.error.message).toBe('Line 2: "lots" is not a size (a positive whole number of bytes).');
    expect(body.error.fieldErrors.file).toEqual([body.error.message]);
  });

  it.each([
    ['targetPercent=0', /1 to 99.9/],
    ['targetPercent=100', /1 to 99.9/],
    ['targetPercent=x', /1 to 99.9/],
  ])('refuses %s', async (query, message) => {
    const response = await post('1764583200000,a,1\n', {}, `?${query}`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(message);
  });

  it('refuses a body that is not UTF-8', async () => {
    const response = await post(new Uint8Array([0xff, 0xfe, 0x00, 0x41]));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe('The trace is not UTF-8 text.');
  });

  it('a Content-Length over 64 MiB → 413 before anything is read', async () => {
    const { stream, pulled } = endlessBody();
    const response = await post(stream, { 'content-length': String(64 * 1024 * 1024 + 1) });
    expect(response.status).toBe(413);
    expect(pulled()).toBeLessThanOrEqual(64 * 1024);
  });

  it('a body without Content-Length that never ends → 413, read no further than 64 MiB', async () => {
    const { stream, pulled } = endlessBody(256 * 1024);
    const response = await post(stream);
    expect(response.status).toBe(413);
    expect(pulled()).toBeLessThanOrEqual(64 * 1024 * 1024 + 512 * 1024);
  });

  it('a cross-site import is refused', async () => {
    const response = await post('1764583200000,a,1\n', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(response.status).toBe(403);
  });
});
