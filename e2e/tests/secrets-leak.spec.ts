import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page, Response } from '@playwright/test';
import { createContainer as createRawContainer } from '@stowage/object-store-server';
import { ADMIN_PASSWORD, AGENT_TOKEN_FILE } from '../playwright.config';
import { expect, gotoHydrated, needs, test, uniqueName } from './fixtures';
import { env } from './support/environment';
import { startSlowHttpServer, type SlowHttpServer } from './support/slow-http-server';
import { mutate, postMutation, query } from './support/trpc';

test.describe('Secrets', { tag: '@security', annotation: needs('local-product', 'object-store', 'same-machine', 'agent-token') }, () => {

/**
 * No secret leaves the server: store credentials (the real Swift's and fresh canaries), an agent token's
 * secret and a one-time password, searched for in every HTTP response a browser session gets while it uses
 * every page and every query, in the product's log (e2e/start-server.sh tees it to <data dir>.log) and in the
 * data directory's files. A token's secret and a one-time password may appear once each: in the answer that
 * created them.
 */


const REPO = path.resolve(import.meta.dirname, '../..');

/** Every query procedure the API has (routers/*.ts, named as root.ts mounts them), so a new one cannot be missed. */
function queryProcedures(): string[] {
  const root = fs.readFileSync(path.join(REPO, 'packages/api/src/root.ts'), 'utf8');
  const files = new Map([...root.matchAll(/import \{ (\w+) \} from '\.\/routers\/([\w-]+)'/g)].map((match) => [match[1]!, match[2]!]));
  const procedures: string[] = [];
  for (const [, mount, routerName] of root.matchAll(/^\s+(\w+): (\w+Router),$/gm)) {
    const source = fs.readFileSync(path.join(REPO, 'packages/api/src/routers', `${files.get(routerName!)}.ts`), 'utf8');
    for (const [, name, kind] of source.matchAll(/(\w+): \w+Procedure\b[\s\S]*?\.(query|mutation)\(/g)) {
      if (kind === 'query') procedures.push(`${mount}.${name}`);
    }
  }
  return procedures;
}

interface Recorded {
  url: string;
  status: number;
  text: string;
  /** The same without Set-Cookie headers (where a sliding session refresh may legitimately send the session token). */
  withoutSetCookie: string;
}

/** Every response the browser context receives, its headers and body as text. */
function recordResponses(page: Page) {
  const pending: Promise<Recorded>[] = [];
  const record = async (response: Response): Promise<Recorded> => {
    const headers = await response.headersArray().catch(() => []);
    const body = await response.body().catch(() => Buffer.alloc(0));
    const line = (header: { name: string; value: string }) => `${header.name}: ${header.value}`;
    const head = headers.map(line).join('\n');
    const headWithoutSetCookie = headers.filter((header) => header.name.toLowerCase() !== 'set-cookie').map(line).join('\n');
    const text = body.toString('utf8');
    return { url: response.url(), status: response.status(), text: `${head}\n\n${text}`, withoutSetCookie: `${headWithoutSetCookie}\n\n${text}` };
  };
  page.context().on('response', (response) => pending.push(record(response)));
  return async () => Promise.all(pending);
}

const occurrences = (text: string, needle: string) => text.split(needle).length - 1;

/** Files under a directory, their bytes as latin1 (sqlite pages, the WAL, keys, NFS stores' files). */
function filesUnder(dir: string): { file: string; text: string }[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).flatMap((entry) => {
    const file = path.join(entry.parentPath, entry.name);
    return entry.isFile() ? [{ file, text: fs.readFileSync(file).toString('latin1') }] : [];
  });
}

async function openStoreForm(page: Page, name: string, providerLabel: string) {
  await gotoHydrated(page, '/stores');
  const form = page.getByRole('form', { name: 'Register store' });
  await form.getByLabel('Store name').fill(name);
  await form.getByLabel('Provider').selectOption({ label: providerLabel });
  await expect(form.getByLabel('Role')).toHaveValue('object');
  return form;
}

async function registerS3(page: Page, name: string, bucket: string, secret: string) {
  const form = await openStoreForm(page, name, 'S3-compatible object storage');
  await form.getByLabel('Endpoint').fill(env('E2E_S3_ENDPOINT'));
  await form.getByLabel('Bucket').fill(bucket);
  await form.getByLabel('Access key ID').fill(env('E2E_S3_ACCESS_KEY'));
  await form.getByLabel('Secret access key').fill(secret);
  await form.getByRole('button', { name: 'Register store' }).click();
  return form;
}

async function registerSwift(page: Page, name: string, container: string, key: string) {
  const form = await openStoreForm(page, name, 'OpenStack Swift');
  await form.getByLabel('Auth URL').fill(env('E2E_SWIFT_AUTH_URL'));
  await form.getByLabel('User', { exact: true }).fill(env('E2E_SWIFT_USER'));
  await form.getByLabel('Key / password').fill(key);
  await form.getByLabel('Container').fill(container);
  await form.getByRole('button', { name: 'Register store' }).click();
  return form;
}

interface StoreView {
  id: string;
  name: string;
  zoneId: string | null;
}

test('no secret reaches a browser, the log or the data directory in plain text', async ({ page, baseURL }) => {
  test.setTimeout(300_000);
  const responses = recordResponses(page);
  const port = new URL(baseURL!).port;
  const dataDir = path.join(os.tmpdir(), `stowage-e2e-${port}`);
  const logFile = `${dataDir}.log`;
  expect(fs.existsSync(logFile), `${logFile}: e2e/start-server.sh writes the product's output there`).toBe(true);

  const canary = (what: string) => `LEAK-CANARY-${what}-${randomBytes(12).toString('hex')}`;
  const s3Canary = canary('s3');
  const swiftCanary = canary('swift');
  const realSecrets = [...new Set([env('E2E_S3_SECRET_KEY'), env('E2E_SWIFT_KEY')])];

  const source: SlowHttpServer = await startSlowHttpServer({ size: 256 * 1024, bytesPerSecond: 64 * 1024 * 1024 });
  const mount = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-e2e-leak-'));
  const ingest = await query<{ allowedNetworks: string[]; maxBytes: number }>(page.request, 'settings.ingest');
  const zone = await mutate<{ id: string; name: string }>(page.request, 'zone.create', { name: uniqueName('leakzone'), mode: 'backup' });
  const stores: string[] = [];
  let objectId = '';
  try {
    stores.push((await mutate<StoreView>(page.request, 'store.register', { name: uniqueName('leak-nfs'), provider: 'nfs', role: 'record', zoneId: zone.id, capacityBytes: null, config: { path: mount } })).id);

    // Object stores with the real credentials, through the form.
    const bucket = uniqueName('leak-s3').toLowerCase();
    const container = uniqueName('leak-swift');
    // The canaries go to storage no store holds yet, so the live check (not the overlap check) is what refuses them.
    const canaryBucket = uniqueName('leak-s3-canary').toLowerCase();
    const canaryContainer = uniqueName('leak-swift-canary');
    for (const name of [bucket, container, canaryBucket, canaryContainer]) await createRawContainer({ authUrl: env('E2E_SWIFT_AUTH_URL'), swift: { user: env('E2E_SWIFT_USER'), key: env('E2E_SWIFT_KEY') } }, name);
    const s3Name = uniqueName('leak-s3');
    await registerS3(page, s3Name, bucket, env('E2E_S3_SECRET_KEY'));
    await expect(page.getByTestId(`store-card-${s3Name}`)).toBeVisible({ timeout: 30_000 });
    const swiftName = uniqueName('leak-swift');
    await registerSwift(page, swiftName, container, env('E2E_SWIFT_KEY'));
    await expect(page.getByTestId(`store-card-${swiftName}`)).toBeVisible({ timeout: 30_000 });
    const listed = await query<StoreView[]>(page.request, 'store.list', {});
    stores.push(...listed.filter((store) => store.name === s3Name || store.name === swiftName).map((store) => store.id));
    expect(stores).toHaveLength(3);

    // The same endpoints with canary secrets: refused by the live check, but the secret went through the server.
    const s3Bad = await registerS3(page, uniqueName('leak-s3-canary'), canaryBucket, s3Canary);
    await expect(s3Bad.getByTestId('store-config-secretAccessKey-error')).toContainText('refused', { timeout: 30_000 });
    const swiftBad = await registerSwift(page, uniqueName('leak-swift-canary'), canaryContainer, swiftCanary);
    await expect(swiftBad.getByTestId('store-config-key-error')).toBeVisible({ timeout: 30_000 });
    await page.screenshot({ path: path.join(import.meta.dirname, '../test-results/secrets-leak/canary-refused.png'), fullPage: true });

    // A probe and a validation open the sealed secrets again.
    await mutate(page.request, 'store.probe', { storeId: stores[1] });
    await mutate(page.request, 'store.probe', { storeId: stores[2] });

    // An object copied to both object stores (their secrets in use by the worker).
    await mutate(page.request, 'settings.updateIngest', { allowedNetworks: [...new Set([...ingest.allowedNetworks, '127.0.0.1/32'])], maxBytes: ingest.maxBytes });
    ({ objectId } = await mutate<{ objectId: string }>(page.request, 'object.registerByUrl', {
      name: uniqueName('leak-obj'),
      kind: 'template',
      format: 'qcow2',
      originZoneId: zone.id,
      // Its zone's record store and the two object stores only: other specs' zones must not make more copies.
      placement: 'origin_only',
      url: `${source.url}/leak.qcow2`,
    }));
    await expect
      .poll(async () => {
        const detail = await query<{ replicas: { state: string; store: { id: string } }[] }>(page.request, 'object.byId', { objectId });
        return detail.replicas.filter((replica) => replica.state === 'ready' && stores.includes(replica.store.id)).length;
      }, { timeout: 90_000 })
      .toBe(3);

    // An agent token (Tokens page) and a user with a one-time password (Users page): each secret is shown once.
    await gotoHydrated(page, '/tokens');
    const tokenForm = page.getByRole('form', { name: 'Create agent token' });
    await tokenForm.getByLabel('Name').fill(uniqueName('leak-token'));
    await tokenForm.getByLabel('Expires after (days)').fill('3');
    await tokenForm.getByRole('button', { name: 'Create token' }).click();
    const tokenSecret = await page.getByTestId('token-secret-value').inputValue();
    expect(tokenSecret).toMatch(/^stw_/);

    await gotoHydrated(page, '/users');
    const userForm = page.getByRole('form', { name: 'Create user' });
    await userForm.getByLabel('Username').fill(uniqueName('leak-user').slice(0, 32));
    await userForm.getByRole('button', { name: 'Create user' }).click();
    const oneTimePassword = await page.getByTestId('one-time-password-value').inputValue();
    expect(oneTimePassword.length).toBeGreaterThanOrEqual(12);

    // Every page, then every query procedure from the page (so its answer is recorded like the pages' own).
    for (const url of ['/', '/zones', '/stores', '/objects', `/objects/${objectId}`, `/cache?zone=${zone.id}`, '/jobs', '/events', '/users', '/tokens', '/settings', '/account']) {
      await gotoHydrated(page, url);
      await page.waitForLoadState('networkidle');
    }
    const inputs: Record<string, unknown[]> = {
      'store.byId': stores.map((storeId) => ({ storeId })),
      'object.byId': [{ objectId }],
      'object.list': [{}],
      'cache.view': [{ zoneId: zone.id }],
      'cache.entries': [{ zoneId: zone.id }],
      'planner.curve': [{ zoneId: zone.id, windowDays: 30 }],
      'zone.previewModeChange': [{ zoneId: zone.id, mode: 'staging' }],
      'store.list': [{}],
      'job.list': [{ limit: 200 }],
      'event.list': [{ limit: 200 }],
      'overview.events': [{ limit: 200 }],
    };
    const procedures = queryProcedures();
    expect(procedures).toEqual(expect.arrayContaining(['zone.list', 'store.byId', 'event.list', 'user.list', 'token.list', 'account.me']));
    for (const procedure of procedures) {
      for (const input of inputs[procedure] ?? [undefined]) {
        const status = await page.evaluate(
          async ({ procedure, input }) => {
            const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
            return (await fetch(`/api/trpc/${procedure}${query}`)).status;
          },
          { procedure, input },
        );
        expect(status, `${procedure} ${JSON.stringify(input)}`).toBe(200);
      }
    }

    // The search. The agents' token start-server.sh made with the admin command line is never seen at all.
    const suiteToken = fs.existsSync(AGENT_TOKEN_FILE) ? fs.readFileSync(AGENT_TOKEN_FILE, 'utf8').trim() : '';
    const neverSeen = [s3Canary, swiftCanary, ADMIN_PASSWORD, ...(suiteToken ? [suiteToken] : [])];
    // This browser's session token (the cookie is "<token>.<signature>"): sent by the browser, never answered back, never logged.
    const cookie = (await page.context().cookies()).find((candidate) => candidate.name === 'stowage.session_token');
    const sessionToken = decodeURIComponent(cookie!.value).split('.')[0]!;
    expect(sessionToken.length).toBeGreaterThanOrEqual(16);
    const recorded = await responses();
    expect(recorded.length).toBeGreaterThan(50);
    const everything = recorded.map((response) => response.text).join('\n');
    const fromApi = recorded.filter((response) => new URL(response.url).pathname.startsWith('/api/'));
    const where = (needle: string) => recorded.filter((response) => response.text.includes(needle)).map((response) => `${response.status} ${response.url}`);
    expect(recorded.filter((response) => response.withoutSetCookie.includes(sessionToken)).map((response) => response.url), 'the session token').toEqual([]);
    for (const secret of neverSeen) expect(where(secret), secret).toEqual([]);
    // The real credentials are short fixed words ("testing"): searched in what the API answers, where a value would be.
    for (const secret of realSecrets) {
      expect(fromApi.filter((response) => response.text.includes(secret)).map((response) => response.url), secret).toEqual([]);
    }
    expect(occurrences(everything, tokenSecret), where(tokenSecret).join('\n')).toBe(1);
    expect(where(tokenSecret)).toEqual([expect.stringMatching(/^200 .*\/api\/trpc\/token\.create/)]);
    expect(occurrences(everything, oneTimePassword), where(oneTimePassword).join('\n')).toBe(1);
    expect(where(oneTimePassword)).toEqual([expect.stringMatching(/^200 .*\/api\/trpc\/user\.create/)]);

    // The product's log, and the files it keeps (database, WAL, keys).
    const log = fs.readFileSync(logFile, 'utf8');
    expect(log.length).toBeGreaterThan(0);
    for (const secret of [...neverSeen, sessionToken, tokenSecret, oneTimePassword, ...realSecrets]) expect(occurrences(log, secret), `${secret} in ${logFile}`).toBe(0);
    for (const secret of [...neverSeen, tokenSecret, oneTimePassword]) {
      expect(
        filesUnder(dataDir)
          .filter((file) => file.text.includes(secret))
          .map((file) => file.file),
        secret,
      ).toEqual([]);
    }
  } finally {
    // Every active object store holds a copy of every object: remove what this test made, for the suites after it.
    if (objectId) await mutate(page.request, 'object.delete', { objectId }).catch(() => undefined);
    for (const storeId of stores.reverse()) {
      await expect
        .poll(async () => (await postMutation(page.request, 'store.remove', { storeId })).status(), { timeout: 90_000, intervals: [500, 1000, 2000] })
        .toBe(200);
    }
    await mutate(page.request, 'zone.delete', { zoneId: zone.id }).catch(() => undefined);
    await mutate(page.request, 'settings.updateIngest', ingest);
    await source.stop();
    fs.rmSync(mount, { recursive: true, force: true });
  }
});
});
