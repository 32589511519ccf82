/**
 * Manual smoke test of the Swift test server with Keystone (not part of any suite):
 *   pnpm exec tsx src/self-test-keystone.ts [--verbose]
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { signV4 } from './sigv4';
import { startSwiftServer, type KeystoneInfo } from './index';

const verbose = process.argv.includes('--verbose');
let passed = 0;
async function check(name: string, body: () => Promise<void>): Promise<void> {
  const started = performance.now();
  await body();
  passed += 1;
  console.log(`ok ${passed} - ${name} (${Math.round(performance.now() - started)} ms)`);
}

interface CatalogEntry {
  type: string;
  name: string;
  endpoints: { interface: string; region: string; region_id: string; url: string }[];
}

/** Password auth as a client library does it (names, domain by name, project scope by name). */
async function passwordAuth(keystone: KeystoneInfo, password = keystone.password) {
  return fetch(`${keystone.authUrl}/auth/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: keystone.user, domain: { name: keystone.userDomain }, password } },
        },
        scope: { project: { name: keystone.projectName, domain: { name: keystone.projectDomain } } },
      },
    }),
  });
}

function rssMiB(pid: number | undefined): number {
  if (pid === undefined) return 0;
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : 0;
}

const startedAt = performance.now();
const server = await startSwiftServer({
  keystone: true,
  ...(verbose ? { log: (line: string) => console.error(line) } : {}),
});
console.log(
  `# cold start with Keystone (start → ready): ${Math.round(performance.now() - startedAt)} ms, ` +
    `proxy ${server.proxyUrl}, keystone ${server.keystone?.authUrl}`,
);

console.log(
  `# RSS after start: keystone ${rssMiB(server.pids().keystone).toFixed(0)} MiB, proxy ${rssMiB(server.pids().proxy).toFixed(0)} MiB`,
);

try {
  const keystone = server.keystone;
  assert.ok(keystone, 'server.keystone is set');
  let token = '';
  let endpoint = '';
  const container = `ks-self-test-${Date.now()}`;
  const payload = `hello from Keystone ${new Date().toISOString()}`;

  await check('Keystone: password auth scoped to project → X-Subject-Token + object-store endpoint', async () => {
    const response = await passwordAuth(keystone);
    const body = (await response.json()) as {
      token: { project: { id: string; name: string }; roles: { name: string }[]; catalog: CatalogEntry[] };
    };
    assert.equal(response.status, 201);
    token = response.headers.get('x-subject-token') ?? '';
    assert.ok(token, 'X-Subject-Token');
    assert.equal(body.token.project.name, keystone.projectName);
    assert.equal(body.token.project.id, keystone.projectId);
    assert.ok(body.token.roles.some((role) => role.name === 'member'), 'role member');
    const objectStore = body.token.catalog.find((entry) => entry.type === 'object-store');
    assert.ok(objectStore, 'object-store in the catalog');
    const publicEndpoint = objectStore.endpoints.find(
      (e) => e.interface === 'public' && e.region_id === keystone.region,
    );
    assert.ok(publicEndpoint, 'public endpoint in RegionOne');
    endpoint = publicEndpoint.url;
    assert.equal(endpoint, keystone.storageUrl);
    assert.ok(endpoint.startsWith(`${server.proxyUrl}/v1/KEY_`), endpoint);
  });

  await check('Keystone: scope by project id and user domain id works too', async () => {
    const response = await fetch(`${keystone.authUrl}/auth/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: keystone.user, domain: { id: 'default' }, password: keystone.password } },
          },
          scope: { project: { id: keystone.projectId } },
        },
      }),
    });
    await response.arrayBuffer();
    assert.equal(response.status, 201);
  });

  await check('Keystone: wrong password → 401', async () => {
    const response = await passwordAuth(keystone, 'wrong');
    await response.arrayBuffer();
    assert.equal(response.status, 401);
  });

  await check('Swift + Keystone token: PUT container', async () => {
    const response = await fetch(`${endpoint}/${container}`, {
      method: 'PUT',
      headers: { 'X-Auth-Token': token },
    });
    await response.arrayBuffer();
    assert.equal(response.status, 201);
  });

  await check('Swift + Keystone token: PUT + GET object, listing', async () => {
    const objectUrl = `${endpoint}/${container}/hello%20w%C3%B6rld.txt`;
    const put = await fetch(objectUrl, {
      method: 'PUT',
      headers: { 'X-Auth-Token': token, 'Content-Type': 'text/plain' },
      body: payload,
    });
    await put.arrayBuffer();
    assert.equal(put.status, 201);
    const get = await fetch(objectUrl, { headers: { 'X-Auth-Token': token } });
    assert.equal(get.status, 200);
    assert.equal(await get.text(), payload);
    const list = await fetch(`${endpoint}/${container}?format=json`, { headers: { 'X-Auth-Token': token } });
    assert.equal(list.status, 200);
    const names = ((await list.json()) as { name: string }[]).map((entry) => entry.name);
    assert.deepEqual(names, ['hello wörld.txt']);
  });

  await check('Swift: bogus token on the Keystone account → 401', async () => {
    const response = await fetch(`${endpoint}/${container}`, { headers: { 'X-Auth-Token': 'gAAAAAbogus' } });
    await response.arrayBuffer();
    assert.equal(response.status, 401);
  });

  await check('Swift: no token on the Keystone account → 401', async () => {
    const response = await fetch(`${endpoint}/${container}`);
    await response.arrayBuffer();
    assert.equal(response.status, 401);
  });

  const tempauth = await fetch(server.authUrl, {
    headers: { 'X-Auth-User': server.swift.user, 'X-Auth-Key': server.swift.key },
  });
  await tempauth.arrayBuffer();
  const tempStorageUrl = tempauth.headers.get('x-storage-url') ?? '';
  const tempToken = tempauth.headers.get('x-auth-token') ?? '';

  await check('tempauth still works on the same proxy: v1 auth, PUT + GET in AUTH_test', async () => {
    assert.equal(tempauth.status, 200);
    assert.equal(tempStorageUrl, `${server.proxyUrl}/v1/AUTH_test`);
    const put = await fetch(`${tempStorageUrl}/${container}`, {
      method: 'PUT',
      headers: { 'X-Auth-Token': tempToken },
    });
    await put.arrayBuffer();
    assert.equal(put.status, 201);
    const putObject = await fetch(`${tempStorageUrl}/${container}/tempauth.txt`, {
      method: 'PUT',
      headers: { 'X-Auth-Token': tempToken },
      body: 'via tempauth',
    });
    await putObject.arrayBuffer();
    assert.equal(putObject.status, 201);
    const get = await fetch(`${tempStorageUrl}/${container}/tempauth.txt`, {
      headers: { 'X-Auth-Token': tempToken },
    });
    assert.equal(get.status, 200);
    assert.equal(await get.text(), 'via tempauth');
  });

  await check('accounts are separate: tempauth token on KEY_… → 403, Keystone token on AUTH_test refused', async () => {
    const tempOnKeystone = await fetch(`${endpoint}/${container}`, { headers: { 'X-Auth-Token': tempToken } });
    await tempOnKeystone.arrayBuffer();
    assert.equal(tempOnKeystone.status, 403);
    // Swift 2.30 quirk: keystoneauth sets REMOTE_USER to a tuple, and tempauth (definitive for AUTH_) chokes
    // on it while authorizing → 500 rather than 401/403. Only ever refused, never served.
    const keystoneOnTemp = await fetch(`${tempStorageUrl}/${container}`, { headers: { 'X-Auth-Token': token } });
    await keystoneOnTemp.arrayBuffer();
    assert.ok([401, 403, 500].includes(keystoneOnTemp.status), `Keystone token on AUTH_test → ${keystoneOnTemp.status}`);
  });

  await check('S3 (SigV4, tempauth credentials) still works: ListBuckets', async () => {
    const url = `${server.proxyUrl}/`;
    const response = await fetch(url, { headers: signV4({ method: 'GET', url, ...server.s3 }) });
    const text = await response.text();
    assert.equal(response.status, 200, text);
    assert.match(text, new RegExp(`<Name>${container}</Name>`));
  });

  await check('proxy restart: the Keystone token still works', async () => {
    await server.stopProxy();
    await server.startProxy();
    const response = await fetch(`${endpoint}/${container}`, { headers: { 'X-Auth-Token': token } });
    await response.arrayBuffer();
    assert.equal(response.status, 200);
  });
} finally {
  const pids = Object.values(server.pids()).filter((pid): pid is number => pid !== undefined);
  await check('stop(): children (Keystone too) gone, temp dir removed, idempotent', async () => {
    assert.ok(server.pids().keystone !== undefined, 'keystone has a pid before stop()');
    await server.stop();
    await server.stop();
    for (const pid of pids) assert.ok(!existsSync(`/proc/${pid}`), `pid ${pid} gone`);
    assert.ok(!existsSync(server.dataDir), 'data dir removed');
  });
}
console.log(`${passed} passed, 0 failed`);
