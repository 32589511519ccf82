/* Every HTTP route of the web app declares who may call it, once, in packages/api: the route files in apps/web
 * only call a declared route (or the tRPC and sign-in handlers, which declare per procedure / are public), and
 * each declared route lets in exactly whom it declares. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessAllows, type Role } from '@stowage/core';
import { createTestDb } from '@stowage/db/testing';
import * as routes from '../src/routes';
import type { SessionRoute } from '../src/session-route';
import { HOST, ORIGIN, routeRuntime, signedInCookie } from './route-runtime';

const WEB_API = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../apps/web/src/app/api');
const OWN_ACCESS = ['handleTrpcRequest', 'handleAuthRequest'];

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const at = path.join(dir, entry.name);
    return entry.isDirectory() ? routeFiles(at) : entry.name === 'route.ts' ? [at] : [];
  });
}

describe('route declarations', () => {
  const declared = Object.entries(routes) as [string, { access?: string; scope?: string }][];

  it('every declared route says whom it lets in', () => {
    expect(declared.length).toBeGreaterThanOrEqual(4);
    for (const [name, route] of declared) expect({ name, declares: Boolean(route.access ?? route.scope) }).toEqual({ name, declares: true });
  });

  it.each(routeFiles(WEB_API).map((file) => [path.relative(WEB_API, file), file]))('apps/web/src/app/api/%s only calls a declared route', (_name, file) => {
    const source = fs.readFileSync(file, 'utf8');
    const imported = [...source.matchAll(/import \{([^}]+)\} from '@stowage\/(?:api|auth)'/g)].flatMap((match) => match[1]!.split(',').map((name) => name.trim()));
    expect(imported.length).toBeGreaterThan(0);
    for (const name of imported) expect([...declared.map(([declaredName]) => declaredName), ...OWN_ACCESS]).toContain(name);
    expect(source).not.toMatch(/@stowage\/services|@stowage\/db|@stowage\/engine/);
  });
});

describe('a session route lets in exactly the roles it declares', () => {
  let runtime: ReturnType<typeof routeRuntime>;
  let dispose: () => Promise<void>;
  const cookies = new Map<Role, string>();

  beforeAll(async () => {
    const testDb = await createTestDb();
    dispose = testDb.dispose;
    runtime = routeRuntime(testDb.db);
    for (const role of ['viewer', 'operator', 'admin'] as const) cookies.set(role, await signedInCookie(runtime, `user-${role}`, role));
  });
  afterAll(async () => {
    runtime?.cleanup();
    await dispose?.();
  });

  const upload = (cookie: string | undefined) =>
    (routes.uploadRoute as SessionRoute)(
      new Request(`${ORIGIN}/api/objects/upload?name=x&kind=iso&format=iso&originZoneId=none`, {
        method: 'POST',
        headers: { host: HOST, 'content-type': 'application/octet-stream', 'content-length': '4', ...(cookie ? { cookie } : {}) },
        body: 'abcd',
      }),
      runtime,
    );

  it.each([['nobody'], ['viewer'], ['operator'], ['admin']] as const)('upload as %s', async (who) => {
    const role = who === 'nobody' ? null : who;
    const response = await upload(role ? cookies.get(role) : undefined);
    const allowed = accessAllows(routes.uploadRoute.access, role ? { role, mustChangePassword: false } : null);
    if (allowed) {
      // Past the door: refused for its input (no such zone), not for who sent it.
      expect([400, 404]).toContain(response.status);
    } else {
      expect(response.status).toBe(role ? 403 : 401);
    }
  });

  it('a tampered cookie is nobody', async () => {
    const cookie = cookies.get('admin')!;
    const tampered = cookie.replace(/=(.)/, (_all, first: string) => `=${first === 'a' ? 'b' : 'a'}`);
    expect((await upload(tampered)).status).toBe(401);
  });
});
