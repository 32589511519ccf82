import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { ADMIN_PASSWORD, ADMIN_USER } from '../playwright.config';
import { expect, gotoHydrated, needs, test, uniqueName } from './fixtures';
import { createContainer as createRawContainer } from '@stowage/object-store-server';
import { Agent } from './support/agent-api';
import { startSlowHttpServer } from './support/slow-http-server';
import { createUser, getQuery, mutate, postMutation, query } from './support/trpc';
import { screenshotPath } from './support/screenshots';

test.describe('Security', { tag: '@security' }, () => {

const NO_SESSION = { cookies: [], origins: [] };
const SESSION_COOKIE = 'stowage.session_token';

/** A username the product accepts (2–32 characters), unique per run. */
const username = (prefix: string) => uniqueName(prefix).slice(0, 32);
const password = (who: string) => `${who} correct horse battery staple`;

async function freshContext(browser: Browser, baseURL: string | undefined): Promise<BrowserContext> {
  return browser.newContext({ baseURL, storageState: NO_SESSION, viewport: { width: 1360, height: 860 } });
}

async function fillSignIn(page: Page, name: string, secret: string) {
  await page.getByLabel('Username').fill(name);
  await page.getByLabel('Password').fill(secret);
  const answer = page.waitForResponse((response) => response.url().endsWith('/api/auth/sign-in/username'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  return answer;
}

/** Signs in through the sign-in page and waits to land where it sends a signed-in person. */
async function signIn(page: Page, name: string, secret: string, landing: string | RegExp = '/') {
  await gotoHydrated(page, '/sign-in');
  const answer = await fillSignIn(page, name, secret);
  expect(answer.status()).toBe(200);
  await expect(page).toHaveURL(typeof landing === 'string' ? new RegExp(`^[^?#]*//[^/]+${landing.replace(/[/?]/g, '\\$&')}$`) : landing);
}

test.describe('signed out', () => {
  test.use({ storageState: NO_SESSION });

  test('pages redirect to the sign-in page; a wrong password is refused with a message; the right one lands on ?next=', async ({ page }) => {
    await page.goto('/zones?mode=backup');
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fzones%3Fmode%3Dbackup$/);
    await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');

    const refused = await fillSignIn(page, ADMIN_USER, 'not the admin password');
    expect(refused.status()).toBe(401);
    await expect(page.getByRole('form', { name: 'Sign in' }).getByRole('alert')).toHaveText('Wrong username or password.');
    await expect(page).toHaveURL(/\/sign-in\?/);
    expect((await page.context().cookies()).some((cookie) => cookie.name === SESSION_COOKIE)).toBe(false);

    const accepted = await fillSignIn(page, ADMIN_USER, ADMIN_PASSWORD);
    expect(accepted.status()).toBe(200);
    // The token reaches the browser only as a cookie: HttpOnly, SameSite=Lax, and not Secure over plain HTTP.
    const direct = await page.request.post('/api/auth/sign-in/username', { data: { username: ADMIN_USER, password: ADMIN_PASSWORD } });
    expect(await direct.json()).toEqual({ ok: true, mustChangePassword: false });
    const setCookie = await accepted.headerValues('set-cookie');
    const session = setCookie.find((value) => value.startsWith(`${SESSION_COOKIE}=`));
    expect(session, setCookie.join('\n')).toBeDefined();
    expect(session).toMatch(/;\s*HttpOnly/i);
    expect(session).toMatch(/;\s*SameSite=Lax/i);
    expect(session).not.toMatch(/;\s*Secure/i);
    await expect(page).toHaveURL(/\/zones\?mode=backup$/);
    await expect(page.getByRole('heading', { name: 'Zones' })).toBeVisible();
    const cookie = (await page.context().cookies()).find((candidate) => candidate.name === SESSION_COOKIE);
    expect(cookie).toMatchObject({ httpOnly: true, secure: false, sameSite: 'Lax' });
  });

  for (const next of ['//evil.example', 'https://evil.example', '/\\evil.example']) {
    test(`a next of "${next}" lands on the Overview, not elsewhere`, async ({ page, baseURL }) => {
      await gotoHydrated(page, `/sign-in?next=${encodeURIComponent(next)}`);
      const answer = await fillSignIn(page, ADMIN_USER, ADMIN_PASSWORD);
      expect(answer.status()).toBe(200);
      await expect(page).toHaveURL(`${baseURL}/`);
      await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
    });
  }
});

test('sign-out ends the session: the browser drops the cookie and the old cookie is refused afterwards', async ({ page, browser, baseURL, playwright }) => {
  const name = username('leaver');
  await createUser(page.request, { username: name, role: 'viewer', password: password(name) });
  const context = await freshContext(browser, baseURL);
  try {
    const viewer = await context.newPage();
    await signIn(viewer, name, password(name));
    const before = (await context.cookies()).find((cookie) => cookie.name === SESSION_COOKIE);
    expect(before).toBeDefined();
    const me = await query<{ username: string; role: string }>(context.request, 'account.me');
    expect(me).toMatchObject({ username: name, role: 'viewer' });

    const signOut = viewer.waitForResponse((response) => response.url().endsWith('/api/auth/sign-out'));
    await viewer.getByTestId('user-box').getByRole('button', { name: 'Sign out' }).click();
    const expired = new RegExp(`^${SESSION_COOKIE.replace('.', '\\.')}=;.*Max-Age=0`, 'i');
    expect(await (await signOut).headerValues('set-cookie')).toEqual(expect.arrayContaining([expect.stringMatching(expired)]));
    await expect(viewer).toHaveURL(/\/sign-in$/);
    // The browser dropped the cookie, so pages send it to the sign-in page again.
    expect((await context.cookies()).some((cookie) => cookie.name === SESSION_COOKIE && cookie.value)).toBe(false);
    await viewer.goto('/objects');
    await expect(viewer).toHaveURL(/\/sign-in\?next=%2Fobjects$/);

    // The session is gone on the server: the cookie as it was before signing out opens nothing.
    expect((await getQuery(context.request, 'account.me')).status()).toBe(401);
    const replaying = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { cookie: `${SESSION_COOKIE}=${before!.value}` } });
    expect((await getQuery(replaying, 'account.me')).status()).toBe(401);
    await replaying.dispose();
  } finally {
    await context.close();
  }
});

test('ten wrong passwords lock the account: the page says when to retry, the right password is refused too, Events and Users show the lockout', async ({ page, browser, baseURL }) => {
  const name = username('locked');
  await createUser(page.request, { username: name, role: 'viewer', password: password(name) });
  const context = await freshContext(browser, baseURL);
  try {
    const guest = await context.newPage();
    await gotoHydrated(guest, '/sign-in');
    for (let attempt = 1; attempt <= 9; attempt += 1) {
      const answer = await fillSignIn(guest, name, `wrong password number ${attempt}`);
      expect(answer.status(), `attempt ${attempt}`).toBe(401);
      await expect(guest.getByRole('form', { name: 'Sign in' }).getByRole('alert')).toHaveText('Wrong username or password.');
    }
    const tenth = await fillSignIn(guest, name, 'wrong password number 10');
    expect(tenth.status()).toBe(429);
    expect(Number(tenth.headers()['retry-after'])).toBeGreaterThan(14 * 60);
    await expect(guest.getByRole('form', { name: 'Sign in' }).getByRole('alert')).toHaveText('Too many failed sign-ins. Try again in 15 minutes.');

    const right = await fillSignIn(guest, name, password(name));
    expect(right.status()).toBe(429);
    expect(Number(right.headers()['retry-after'])).toBeGreaterThan(14 * 60);
    await expect(guest.getByRole('form', { name: 'Sign in' }).getByRole('alert')).toContainText('Too many failed sign-ins. Try again in');
    await expect(guest).toHaveURL(/\/sign-in$/);
    await guest.screenshot({ path: screenshotPath('sign-in-locked') });
  } finally {
    await context.close();
  }

  // The admin sees it: an auth.locked_out event (the Events page's "Lockouts" filter) and the user's status.
  await gotoHydrated(page, '/events?type=auth.locked_out');
  const events = page.getByRole('table', { name: 'Events' });
  await expect(events.getByTestId('event-row').filter({ hasText: `Account ${name} locked until` })).toHaveCount(1);
  await page.screenshot({ path: screenshotPath('events-lockout'), fullPage: true });
  const raw = await getQuery(page.request, 'event.list', { type: ['auth.locked_out'] });
  const rawText = await raw.text();
  expect(raw.status(), rawText).toBe(200);
  // The page of events (its array is `items` or `events`, whichever the API calls it).
  type EventRow = { type: string; message: string; outcome: string };
  const answer = (JSON.parse(rawText) as { result: { data: { json: Record<string, unknown> } } }).result.data.json;
  const lockouts = Object.values(answer).find((value): value is EventRow[] => Array.isArray(value));
  expect(lockouts, rawText).toBeDefined();
  expect(lockouts!.filter((event) => event.message.startsWith(`Account ${name} locked`))).toEqual([
    expect.objectContaining({ type: 'auth.locked_out', outcome: 'denied' }),
  ]);

  await gotoHydrated(page, '/users');
  await expect(page.getByTestId(`user-row-${name}`)).toContainText('Locked until');
});

/** A local HTTP server whose every path answers 404: a URL ingest from it fails at once, with a job to retry. */
async function startNotFoundServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((_request, response) => response.writeHead(404, { 'content-type': 'text/plain' }).end('gone'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/missing.qcow2`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

interface ZoneView {
  id: string;
  name: string;
}
interface StoreView {
  id: string;
  name: string;
}
interface JobList {
  jobs: { id: string; state: string; objectId: string | null }[];
}

/** What each role must and must not see on the pages that hold the controls. */
async function checkRole(page: Page, role: 'viewer' | 'operator' | 'admin', data: { zone: string; store: string; objectName: string; objectId: string; jobId: string }) {
  const admin = role === 'admin';
  const operator = role !== 'viewer';
  const shot = (name: string) => page.screenshot({ path: screenshotPath(`${role}-${name}`), fullPage: true });
  const nav = page.getByRole('navigation', { name: 'Main' });

  await gotoHydrated(page, '/');
  await expect(page.getByTestId('user-box')).toContainText(role === 'admin' ? 'Admin' : role === 'operator' ? 'Operator' : 'Viewer');
  await expect(page.getByTestId(`overview-zone-${data.zone}`)).toBeVisible();
  for (const link of ['Overview', 'Zones', 'Stores', 'Objects', 'Cache', 'Jobs', 'Events']) await expect(nav.getByRole('link', { name: link, exact: true })).toBeVisible();
  for (const link of ['Users', 'Tokens', 'Settings']) await expect(nav.getByRole('link', { name: link, exact: true })).toHaveCount(admin ? 1 : 0);
  await shot('overview');

  // Zones and stores: everyone reads them, only an admin changes them.
  await gotoHydrated(page, '/zones');
  const zoneRow = page.getByTestId(`zone-row-${data.zone}`);
  await expect(zoneRow).toBeVisible();
  await expect(page.getByRole('form', { name: 'Create zone' })).toHaveCount(admin ? 1 : 0);
  await expect(zoneRow.getByRole('button', { name: 'Delete' })).toHaveCount(admin ? 1 : 0);
  await expect(zoneRow.getByRole('button', { name: 'Rename' })).toHaveCount(admin ? 1 : 0);
  await expect(zoneRow.getByRole('button', { name: `Switch ${data.zone} to staging mode` })).toHaveCount(admin ? 1 : 0);
  if (!admin) {
    await expect(page.getByText('Creating and changing zones needs the admin role.')).toBeVisible();
    await expect(zoneRow).toContainText('backup');
  }
  await shot('zones');

  await gotoHydrated(page, '/stores');
  const card = page.getByTestId(`store-card-${data.store}`);
  await expect(card).toBeVisible();
  await expect(page.getByRole('form', { name: 'Register store' })).toHaveCount(admin ? 1 : 0);
  for (const button of ['Edit', 'Validate', 'Probe now', 'Remove']) await expect(card.getByRole('button', { name: button })).toHaveCount(admin ? 1 : 0);
  if (!admin) await expect(page.getByText('Registering and changing stores needs the admin role.')).toBeVisible();
  await shot('stores');

  // Objects and jobs: an operator works on them, a viewer only looks.
  await gotoHydrated(page, '/objects');
  await expect(page.getByTestId(`object-row-${data.objectName}`)).toBeVisible();
  await expect(page.getByRole('form', { name: 'Register object from URL' })).toHaveCount(operator ? 1 : 0);
  if (!operator) await expect(page.getByText('Registering, uploading and deleting objects needs the operator role.')).toBeVisible();
  await shot('objects');

  await gotoHydrated(page, `/objects/${data.objectId}`);
  await expect(page.getByTestId('object-status')).toBeVisible();
  for (const button of ['Verify now', 'Retry failed', 'Delete']) await expect(page.getByRole('button', { name: button, exact: true })).toHaveCount(operator ? 1 : 0);
  await expect(page.getByTestId(`job-row-${data.jobId}`).getByRole('button', { name: 'Retry' })).toHaveCount(operator ? 1 : 0);
  if (!operator) await expect(page.getByText('Verifying, retrying and deleting needs the operator role.')).toBeVisible();
  await shot('object-detail');

  await gotoHydrated(page, '/jobs');
  const failures = page.getByTestId('failures');
  const failedRow = failures.getByTestId(`job-row-${data.jobId}`);
  await expect(failedRow).toContainText('answered HTTP 404');
  await expect(failedRow.getByRole('button', { name: 'Retry' })).toHaveCount(operator ? 1 : 0);
  await expect(page.getByRole('button', { name: 'Retry all failed' })).toHaveCount(operator ? 1 : 0);
  await expect(page.getByRole('button', { name: 'Retry all in zone' })).toHaveCount(operator ? 1 : 0);
  if (!operator) await expect(failures.getByText('Retrying and cancelling jobs needs the operator role.')).toBeVisible();
  await shot('jobs');

  await gotoHydrated(page, '/cache');
  await expect(page.getByRole('heading', { name: 'Cache', exact: true })).toBeVisible();
  await shot('cache');

  await gotoHydrated(page, '/events');
  await expect(page.getByRole('table', { name: 'Events' })).toBeVisible();
  await shot('events');

  // Settings: readable by all (not in the menu below admin), changed only by an admin.
  await gotoHydrated(page, '/settings');
  const settings = page.getByRole('form', { name: 'URL ingest settings' });
  await expect(settings.getByLabel('Allowed networks')).toBeVisible();
  await expect(settings.getByRole('button', { name: 'Save' })).toHaveCount(admin ? 1 : 0);
  if (admin) await expect(settings.getByLabel('Allowed networks')).toBeEditable();
  else {
    await expect(settings.getByLabel('Allowed networks')).not.toBeEditable();
    await expect(settings.getByText('Changing these settings needs the admin role.')).toBeVisible();
  }
  await shot('settings');

  await gotoHydrated(page, '/users');
  if (admin) await expect(page.getByRole('form', { name: 'Create user' })).toBeVisible();
  else await expect(page.locator('main').getByRole('alert')).toHaveText('Only an admin can see and change users.');

  await gotoHydrated(page, '/tokens');
  if (admin) await expect(page.getByRole('form', { name: 'Create agent token' })).toBeVisible();
  else {
    await expect(page.locator('main').getByRole('alert')).toHaveText('Only an admin can see and manage agent tokens.');
    await expect(page.getByRole('form', { name: 'Create agent token' })).toHaveCount(0);
  }

  await gotoHydrated(page, '/account');
  await expect(page.getByTestId('account-username')).toBeVisible();
  await shot('account');
}

/** A mutation posted by the page's own script (same-origin, with its cookie), as a tampered UI would. */
async function postFromPage(page: Page, procedure: string, input: unknown): Promise<{ status: number; body: string }> {
  return page.evaluate(
    async ({ procedure, input }) => {
      const response = await fetch(`/api/trpc/${procedure}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ json: input }) });
      return { status: response.status, body: await response.text() };
    },
    { procedure, input },
  );
}

test('the role matrix: a viewer sees everything read-only, an operator works on objects and jobs, an admin changes everything; the server refuses the rest', { annotation: needs('same-machine') }, async ({ page, browser, baseURL }) => {
  test.setTimeout(180_000);
  const viewerName = username('viewer');
  const operatorName = username('operator');
  await createUser(page.request, { username: viewerName, role: 'viewer', password: password(viewerName) });
  await createUser(page.request, { username: operatorName, role: 'operator', password: password(operatorName) });

  // Something to act on: a zone with a store and an object whose download failed (a job to retry).
  const notFound = await startNotFoundServer();
  const mount = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-e2e-roles-'));
  const ingest = await query<{ allowedNetworks: string[]; maxBytes: number }>(page.request, 'settings.ingest');
  const zone = await mutate<ZoneView>(page.request, 'zone.create', { name: uniqueName('rolezone'), mode: 'backup' });
  const store = await mutate<StoreView>(page.request, 'store.register', { name: uniqueName('role-nfs'), provider: 'nfs', role: 'record', zoneId: zone.id, capacityBytes: null, config: { path: mount } });
  let objectId = '';
  const objectName = uniqueName('role-obj');
  try {
    await mutate(page.request, 'settings.updateIngest', { allowedNetworks: [...new Set([...ingest.allowedNetworks, '127.0.0.1/32'])], maxBytes: ingest.maxBytes });
    ({ objectId } = await mutate<{ objectId: string }>(page.request, 'object.registerByUrl', {
      name: objectName,
      kind: 'template',
      format: 'qcow2',
      originZoneId: zone.id,
      url: notFound.url,
    }));
    let jobId = '';
    await expect
      .poll(async () => {
        const jobs = await query<JobList>(page.request, 'job.list', { state: 'failed', limit: 200 });
        jobId = jobs.jobs.find((job) => job.objectId === objectId)?.id ?? '';
        return jobId;
      }, { timeout: 30_000 })
      .not.toBe('');
    const data = { zone: zone.name, store: store.name, objectName, objectId, jobId };

    await checkRole(page, 'admin', data);
    for (const [role, name] of [['viewer', viewerName], ['operator', operatorName]] as const) {
      const context = await freshContext(browser, baseURL);
      try {
        const rolePage = await context.newPage();
        await signIn(rolePage, name, password(name));
        await checkRole(rolePage, role, data);

        // The server refuses what the UI hides, whatever a tampered page sends (same-origin, with the cookie).
        const zoneCreate = await postFromPage(rolePage, 'zone.create', { name: uniqueName('forbidden'), mode: 'backup' });
        expect(zoneCreate.status, zoneCreate.body).toBe(403);
        expect(JSON.parse(zoneCreate.body).error.json.message).toBe(`This needs the admin role; you are ${role}.`);
        const storeRemove = await postFromPage(rolePage, 'store.remove', { storeId: store.id });
        expect(storeRemove.status, storeRemove.body).toBe(403);
        const jobRetry = await postFromPage(rolePage, 'job.retry', { scope: 'job', jobId });
        if (role === 'viewer') {
          expect(jobRetry.status, jobRetry.body).toBe(403);
          expect(JSON.parse(jobRetry.body).error.json.message).toBe('This needs the operator role; you are viewer.');
          const objectDelete = await postFromPage(rolePage, 'object.delete', { objectId });
          expect(objectDelete.status, objectDelete.body).toBe(403);
        } else {
          expect(jobRetry.status, jobRetry.body).toBe(200);
        }
        const userList = await getQuery(context.request, 'user.list');
        expect(userList.status()).toBe(403);
        expect((await getQuery(context.request, 'token.list')).status()).toBe(403);
        const tokenCreate = await postFromPage(rolePage, 'token.create', { name: uniqueName('forbidden-token'), scopes: ['acquire'], expiresInDays: 1 });
        expect(tokenCreate.status, tokenCreate.body).toBe(403);
        const userCreate = await postFromPage(rolePage, 'user.create', { username: username('forbidden'), role: 'admin', password: password('forbidden') });
        expect(userCreate.status, userCreate.body).toBe(403);
        const settingsUpdate = await postFromPage(rolePage, 'settings.updateIngest', { allowedNetworks: ['0.0.0.0/0'], maxBytes: 1 });
        expect(settingsUpdate.status, settingsUpdate.body).toBe(403);
      } finally {
        await context.close();
      }
    }
    // Nothing the refused calls asked for happened.
    const zones = await query<ZoneView[]>(page.request, 'zone.list');
    expect(zones.filter((candidate) => candidate.name.startsWith('forbidden-'))).toEqual([]);
    expect((await query<StoreView[]>(page.request, 'store.list', {})).some((candidate) => candidate.id === store.id)).toBe(true);
  } finally {
    // Leave nothing for later suites: the object, its store, the zone, the settings as they were.
    if (objectId) await mutate(page.request, 'object.delete', { objectId }).catch(() => undefined);
    await expect
      .poll(async () => (await postMutation(page.request, 'store.remove', { storeId: store.id })).status(), { timeout: 60_000, intervals: [500, 1000, 2000] })
      .toBe(200);
    await mutate(page.request, 'zone.delete', { zoneId: zone.id });
    await mutate(page.request, 'settings.updateIngest', ingest);
    await notFound.close();
    fs.rmSync(mount, { recursive: true, force: true });
  }
});

function swiftEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the e2e global setup starts the Swift server`);
  return value;
}

test('the Cache page: pin, evict and ending a lease are an operator\'s; a viewer sees the entry, its lease and its pin only', { annotation: needs('same-machine', 'object-store', 'agent-token') }, async ({ page, browser, baseURL, request }) => {
  test.setTimeout(180_000);
  const viewerName = username('cviewer');
  const operatorName = username('coperator');
  await createUser(page.request, { username: viewerName, role: 'viewer', password: password(viewerName) });
  await createUser(page.request, { username: operatorName, role: 'operator', password: password(operatorName) });

  // A staging zone with an NFS cache and a Swift object store, one object, and an agent holding a lease on it.
  const files = await startSlowHttpServer({ size: 1024 * 1024, bytesPerSecond: 64 * 1024 * 1024 });
  const mount = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-e2e-cache-roles-'));
  const ingest = await query<{ allowedNetworks: string[]; maxBytes: number }>(page.request, 'settings.ingest');
  const zone = await mutate<ZoneView>(page.request, 'zone.create', { name: uniqueName('cacherole'), mode: 'staging' });
  const container = uniqueName('e2e-cache-roles');
  const swift = { authUrl: swiftEnv('E2E_SWIFT_AUTH_URL'), user: swiftEnv('E2E_SWIFT_USER'), key: swiftEnv('E2E_SWIFT_KEY') };
  await createRawContainer({ authUrl: swift.authUrl, swift: { user: swift.user, key: swift.key } }, container);
  const stores: string[] = [];
  const objectName = uniqueName('cache-role-obj');
  let objectId = '';
  let leaseId = '';
  const agent = new Agent(request);
  try {
    stores.push((await mutate<StoreView>(page.request, 'store.register', { name: uniqueName('cache-role-nfs'), provider: 'nfs', role: 'staging', zoneId: zone.id, capacityBytes: 8 * 1024 * 1024, config: { path: mount } })).id);
    stores.push((await mutate<StoreView>(page.request, 'store.register', { name: uniqueName('cache-role-swift'), provider: 'swift', role: 'object', zoneId: null, capacityBytes: null, config: { ...swift, container } })).id);
    await mutate(page.request, 'settings.updateIngest', { allowedNetworks: [...new Set([...ingest.allowedNetworks, '127.0.0.1/32'])], maxBytes: ingest.maxBytes });
    ({ objectId } = await mutate<{ objectId: string }>(page.request, 'object.registerByUrl', {
      name: objectName,
      kind: 'template',
      format: 'qcow2',
      originZoneId: zone.id,
      placement: 'origin_only',
      url: `${files.url}/images/${objectName}.qcow2`,
    }));
    await expect
      .poll(async () => (await query<{ replicas: { state: string }[] }>(page.request, 'object.byId', { objectId })).replicas.some((replica) => replica.state === 'ready'), { timeout: 60_000 })
      .toBe(true);
    leaseId = (await agent.acquire({ objectName, zoneName: zone.name, holder: 'host-role' })).leaseId;
    const view = await query<{ entries: { replicaId: string; objectName: string }[] }>(page.request, 'cache.entries', { zoneId: zone.id });
    const replicaId = view.entries.find((candidate) => candidate.objectName === objectName)!.replicaId;
    await mutate(page.request, 'cache.pin', { replicaId, pinned: true });

    for (const [role, name] of [['viewer', viewerName], ['operator', operatorName]] as const) {
      const context = await freshContext(browser, baseURL);
      try {
        const rolePage = await context.newPage();
        await signIn(rolePage, name, password(name));
        await gotoHydrated(rolePage, `/cache?zone=${zone.id}`);
        const row = rolePage.getByTestId(`cache-entry-${objectName}`);
        await expect(row).toHaveAttribute('data-state', 'ready');
        await expect(row.getByTestId('lease-host-role')).toContainText('expires in');
        const allowed = role === 'operator' ? 1 : 0;
        await expect(row.getByRole('button', { name: `Pin ${objectName}` })).toHaveCount(allowed);
        await expect(row.getByRole('button', { name: `Evict ${objectName}` })).toHaveCount(allowed);
        await expect(row.getByRole('button', { name: `Release lease of host-role on ${objectName}` })).toHaveCount(allowed);
        if (role === 'viewer') await expect(row).toContainText('Pinned');
        else await expect(row.getByRole('button', { name: `Pin ${objectName}` })).toHaveAttribute('aria-pressed', 'true');
        await rolePage.screenshot({ path: screenshotPath(`${role}-cache-entry`), fullPage: true });
        const evict = await postFromPage(rolePage, 'cache.evict', { replicaId });
        // The operator is refused too, but for the pin and the lease, not for the role.
        expect(evict.status, evict.body).not.toBe(200);
        if (role === 'viewer') {
          expect(evict.status).toBe(403);
          expect((await postFromPage(rolePage, 'cache.releaseLease', { leaseId })).status).toBe(403);
          expect((await postFromPage(rolePage, 'cache.pin', { replicaId, pinned: false })).status).toBe(403);
        } else {
          expect(evict.status, evict.body).toBe(412);
        }
      } finally {
        await context.close();
      }
    }
    await mutate(page.request, 'cache.pin', { replicaId, pinned: false });
  } finally {
    if (leaseId) await agent.release(leaseId).catch(() => undefined);
    if (objectId) await mutate(page.request, 'object.delete', { objectId }).catch(() => undefined);
    for (const storeId of stores.reverse()) {
      await expect
        .poll(async () => (await postMutation(page.request, 'store.remove', { storeId })).status(), { timeout: 60_000, intervals: [500, 1000, 2000] })
        .toBe(200);
    }
    await mutate(page.request, 'zone.delete', { zoneId: zone.id });
    await mutate(page.request, 'settings.updateIngest', ingest);
    await files.stop();
    fs.rmSync(mount, { recursive: true, force: true });
  }
});

test('a first sign-in with a one-time password (Users page) opens only the Account page until the password is changed', async ({ page, browser, baseURL, playwright }) => {
  const name = username('newcomer');
  await gotoHydrated(page, '/users');
  const form = page.getByRole('form', { name: 'Create user' });
  await form.getByLabel('Username').fill(name);
  await form.getByLabel('Role').selectOption('operator');
  await expect(form.getByLabel('Password (optional)')).toHaveValue('');
  await form.getByRole('button', { name: 'Create user' }).click();
  const panel = page.getByTestId('one-time-password');
  await expect(panel).toContainText(`User ${name} created: their one-time password`);
  await expect(panel).toContainText('It will not be shown again.');
  const oneTimePassword = await panel.getByTestId('one-time-password-value').inputValue();
  expect(oneTimePassword.length).toBeGreaterThanOrEqual(12);
  const row = page.getByTestId(`user-row-${name}`);
  await expect(row).toContainText('Must change password');
  await expect(row.getByLabel(`Role of ${name}`)).toHaveValue('operator');
  await page.screenshot({ path: screenshotPath('admin-users'), fullPage: true });
  await panel.getByRole('button', { name: 'Done, hide it' }).click();
  await expect(panel).toHaveCount(0);

  const context = await freshContext(browser, baseURL);
  try {
    const newcomer = await context.newPage();
    await signIn(newcomer, name, oneTimePassword, '/account');
    await expect(newcomer.getByTestId('must-change-password')).toContainText('Choose your own password to continue');
    const nav = newcomer.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link')).toHaveText(['Account']);
    await newcomer.screenshot({ path: screenshotPath('one-time-password-account'), fullPage: true });
    // Any other page sends them back; the server refuses everything but their own account.
    await newcomer.goto('/objects');
    await expect(newcomer).toHaveURL(/\/account$/);
    const refused = await getQuery(context.request, 'object.list', {});
    expect(refused.status()).toBe(403);
    expect(await refused.text()).toContain('Change your one-time password first.');

    const change = newcomer.getByRole('form', { name: 'Change password' });
    await change.getByLabel('Current password').fill(oneTimePassword);
    await change.getByLabel('New password', { exact: true }).fill(password(name));
    await change.getByLabel('Confirm new password').fill(password(name));
    await change.getByRole('button', { name: 'Change password' }).click();
    await expect(newcomer).toHaveURL(`${baseURL}/`);
    await expect(newcomer.getByRole('heading', { name: 'Overview' })).toBeVisible();
    await expect(newcomer.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Objects' })).toBeVisible();
    expect((await getQuery(context.request, 'object.list', {})).status()).toBe(200);
  } finally {
    await context.close();
  }
  await page.reload();
  await expect(page.getByTestId(`user-row-${name}`)).not.toContainText('Must change password');
  // The one-time password no longer signs in.
  const anonymous = await playwright.request.newContext({ baseURL });
  expect((await anonymous.post('/api/auth/sign-in/username', { data: { username: name, password: oneTimePassword } })).status()).toBe(401);
  await anonymous.dispose();
});

test('the Events page lists sign-ins and refused calls, filtered by type from the URL', async ({ page }) => {
  await gotoHydrated(page, '/events?type=auth.sign_in');
  const table = page.getByRole('table', { name: 'Events' });
  await expect(table.getByTestId('event-row').first()).toBeVisible();
  await expect(table).toContainText('admin signed in');
  await expect(page.getByLabel('Type')).toHaveValue('auth.sign_in');
  await gotoHydrated(page, '/events?type=access.denied');
  await expect(table.getByTestId('event-row').first()).toContainText('was refused');
  await page.screenshot({ path: screenshotPath('admin-events'), fullPage: true });
});

test.describe('cross-site requests and response headers', () => {
  test('a tRPC mutation or a sign-in from another site is refused 403 even with the admin cookie', async ({ page, baseURL }) => {
    const name = uniqueName('csrf');
    for (const headers of <Record<string, string>[]>[
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      { origin: 'https://evil.example' },
      { 'sec-fetch-site': 'same-site' },
    ]) {
      const response = await postMutation(page.request, 'zone.create', { name, mode: 'backup' }, headers);
      expect(response.status(), JSON.stringify(headers)).toBe(403);
      expect(await response.text()).toContain('Refused: this request came from another site.');
    }
    const signIn = await page.request.post('/api/auth/sign-in/username', {
      data: { username: ADMIN_USER, password: ADMIN_PASSWORD },
      headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(signIn.status()).toBe(403);
    expect((await query<ZoneView[]>(page.request, 'zone.list')).some((zone) => zone.name === name)).toBe(false);
    // The same call from this origin works (so the refusals above were about the origin alone).
    const same = await postMutation(page.request, 'zone.create', { name, mode: 'backup' }, { origin: new URL(baseURL!).origin, 'sec-fetch-site': 'same-origin' });
    expect(same.status(), await same.text()).toBe(200);
    const created = (await query<ZoneView[]>(page.request, 'zone.list')).find((zone) => zone.name === name);
    await mutate(page.request, 'zone.delete', { zoneId: created!.id });
  });

  test('every page carries a CSP whose nonce is fresh per response and on every script, with nosniff and a Referrer-Policy, and no HSTS over HTTP', async ({ page }) => {
    const nonces: string[] = [];
    for (const url of ['/', '/']) {
      const response = await page.goto(url);
      expect(response?.status()).toBe(200);
      const headers = response!.headers();
      const policy = headers['content-security-policy'];
      expect(policy).toBeDefined();
      const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy!)?.[1];
      expect(nonce, policy).toBeDefined();
      nonces.push(nonce!);
      expect(policy).toContain("object-src 'none'");
      expect(policy).toContain("base-uri 'none'");
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).toContain("'strict-dynamic'");
      expect(policy).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      expect(headers['strict-transport-security']).toBeUndefined();

      // Every script the server rendered carries this response's nonce (the browser hides the attribute, not the property).
      const html = await response!.text();
      const inHtml = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => /\snonce="([^"]*)"/.exec(match[0])?.[1] ?? '(none)');
      expect(inHtml.length).toBeGreaterThan(0);
      expect(new Set(inHtml)).toEqual(new Set([nonce]));
      // In the DOM, the rendered scripts carry it as a property; a chunk the runtime adds later need not ('strict-dynamic'
      // trusts what a trusted script loads), but it must be one of the app's own.
      const inDom = await page
        .locator('script')
        .evaluateAll((scripts) => scripts.map((script) => ({ nonce: (script as unknown as { nonce: string }).nonce, src: script.getAttribute('src') ?? '' })));
      expect(inDom.filter((script) => script.nonce === nonce).length).toBeGreaterThanOrEqual(inHtml.length);
      const foreign = inDom.filter((script) => script.nonce !== nonce && !script.src.startsWith('/_next/static/'));
      expect(foreign, JSON.stringify(inDom)).toEqual([]);
    }
    expect(nonces[0]).not.toBe(nonces[1]);

    // The API and the sign-in page carry the same headers; the API's JSON a policy that allows nothing at all.
    for (const url of ['/api/trpc/zone.list', '/sign-in']) {
      const response = await page.request.get(url);
      expect(response.headers()['x-content-type-options'], url).toBe('nosniff');
      expect(response.headers()['content-security-policy'], url).toContain("frame-ancestors 'none'");
      expect(response.headers()['referrer-policy'], url).toBe('strict-origin-when-cross-origin');
    }
    expect((await page.request.get('/api/trpc/zone.list')).headers()['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
  });
});

test('the Tokens page creates an agent token and shows its secret once', async ({ page }) => {
  const name = uniqueName('sec-token');
  await gotoHydrated(page, '/tokens');
  const form = page.getByRole('form', { name: 'Create agent token' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Expires after (days)').fill('7');
  await form.getByRole('button', { name: 'Create token' }).click();
  const panel = page.getByTestId('token-secret');
  const secret = await panel.getByTestId('token-secret-value').inputValue();
  expect(secret).toMatch(/^stw_/);
  await expect(page.getByTestId(`token-row-${name}`)).toBeVisible();
  await expect(page.getByTestId(`token-row-${name}`)).not.toContainText(secret);
  await page.screenshot({ path: screenshotPath('admin-tokens'), fullPage: true });
  await panel.getByRole('button', { name: 'Done, hide it' }).click();
  await page.reload();
  await expect(page.getByTestId(`token-row-${name}`)).toBeVisible();
  await expect(page.locator('body')).not.toContainText(secret);
  const tokens = await getQuery(page.request, 'token.list');
  expect(await tokens.text()).not.toContain(secret);
});
});
