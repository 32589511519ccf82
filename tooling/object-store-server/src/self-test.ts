/**
 * Manual smoke test of the Swift test server (not part of any suite):
 *   pnpm exec tsx src/self-test.ts [--verbose]
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { signV4 } from './sigv4';
import { startSwiftServer, type SwiftServer } from './index';

const verbose = process.argv.includes('--verbose');
let passed = 0;
async function check(name: string, body: () => Promise<void>): Promise<void> {
  const started = performance.now();
  await body();
  passed += 1;
  console.log(`ok ${passed} - ${name} (${Math.round(performance.now() - started)} ms)`);
}

function rssKiB(pid: number | undefined): number {
  if (pid === undefined) return 0;
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : 0;
}

async function swiftAuth(server: SwiftServer): Promise<{ storageUrl: string; token: string }> {
  const response = await fetch(server.authUrl, {
    headers: { 'X-Auth-User': server.swift.user, 'X-Auth-Key': server.swift.key },
  });
  assert.equal(response.status, 200);
  const storageUrl = response.headers.get('x-storage-url');
  const token = response.headers.get('x-auth-token');
  assert.ok(storageUrl && token, 'auth returned X-Storage-Url and X-Auth-Token');
  return { storageUrl, token };
}

const startedAt = performance.now();
const server = await startSwiftServer(verbose ? { log: (line) => console.error(line) } : {});
const coldStartMs = Math.round(performance.now() - startedAt);
console.log(
  `# cold start (start → ready): ${coldStartMs} ms, proxy ${server.proxyUrl}, data ${server.dataDir}`,
);

try {
  const pids = server.pids();
  const memory = Object.entries(pids).map(([name, pid]) => [name, rssKiB(pid)] as const);
  const totalMiB = memory.reduce((sum, [, kib]) => sum + kib, 0) / 1024;
  console.log(
    `# RSS after start: ${totalMiB.toFixed(0)} MiB (${memory.map(([n, kib]) => `${n} ${(kib / 1024).toFixed(0)}`).join(', ')})`,
  );

  const { storageUrl, token } = await swiftAuth(server);
  const container = `self-test-${Date.now()}`;
  const objectUrl = `${storageUrl}/${container}/hello%20w%C3%B6rld.txt`;
  const payload = `hello from the self-test ${new Date().toISOString()}`;

  await check('GET /info lists slo and s3api, max_file_size 5 GiB + 2', async () => {
    const info = (await (await fetch(`${server.proxyUrl}/info`)).json()) as Record<
      string,
      Record<string, unknown>
    >;
    assert.ok(info.slo, 'slo in /info');
    assert.ok(info.s3api, 's3api in /info');
    assert.equal(info.swift?.max_file_size, 5 * 2 ** 30 + 2);
  });

  await check('Swift: PUT container', async () => {
    const response = await fetch(`${storageUrl}/${container}`, {
      method: 'PUT',
      headers: { 'X-Auth-Token': token },
    });
    assert.equal(response.status, 201);
  });

  await check('Swift: PUT + GET object', async () => {
    const put = await fetch(objectUrl, {
      method: 'PUT',
      headers: { 'X-Auth-Token': token, 'Content-Type': 'text/plain' },
      body: payload,
    });
    assert.equal(put.status, 201);
    const get = await fetch(objectUrl, { headers: { 'X-Auth-Token': token } });
    assert.equal(get.status, 200);
    assert.equal(await get.text(), payload);
  });

  await check('Swift: SLO manifest of two segments', async () => {
    const headers = { 'X-Auth-Token': token };
    for (const [name, body] of [
      ['seg-1', 'first-'],
      ['seg-2', 'second'],
    ] as const) {
      const put = await fetch(`${storageUrl}/${container}/${name}`, { method: 'PUT', headers, body });
      assert.equal(put.status, 201);
    }
    const manifest = JSON.stringify([{ path: `/${container}/seg-1` }, { path: `/${container}/seg-2` }]);
    const put = await fetch(`${storageUrl}/${container}/large?multipart-manifest=put`, {
      method: 'PUT',
      headers,
      body: manifest,
    });
    assert.equal(put.status, 201, await put.text());
    const get = await fetch(`${storageUrl}/${container}/large`, { headers });
    assert.equal(get.status, 200);
    assert.equal(get.headers.get('x-static-large-object'), 'True');
    assert.equal(await get.text(), 'first-second');
  });

  await check('Swift: wrong token → 401', async () => {
    const response = await fetch(objectUrl, { headers: { 'X-Auth-Token': 'AUTH_tkwrong' } });
    await response.arrayBuffer();
    assert.equal(response.status, 401);
  });

  await check(
    'S3: request with a bogus AWS Authorization header → S3 XML error (s3api in the pipeline)',
    async () => {
      // Without any S3 credentials s3api passes the request on to Swift (GET / → 404 HTML).
      const response = await fetch(`${server.proxyUrl}/`, {
        headers: { Authorization: 'AWS test:tester:bogus' },
      });
      const text = await response.text();
      assert.equal(response.status, 403);
      assert.match(text, /<Error><Code>AccessDenied<\/Code>/);
    },
  );

  await check('S3: SigV4 ListBuckets lists the container', async () => {
    const url = `${server.proxyUrl}/`;
    const response = await fetch(url, { headers: signV4({ method: 'GET', url, ...server.s3 }) });
    const text = await response.text();
    assert.equal(response.status, 200, text);
    assert.match(text, new RegExp(`<Name>${container}</Name>`));
  });

  await check('S3: SigV4 GetObject returns the Swift object', async () => {
    const url = `${server.proxyUrl}/${container}/hello%20w%C3%B6rld.txt`;
    const response = await fetch(url, { headers: signV4({ method: 'GET', url, ...server.s3 }) });
    assert.equal(response.status, 200);
    assert.equal(await response.text(), payload);
  });

  await check('S3: wrong secret → 403 SignatureDoesNotMatch', async () => {
    const url = `${server.proxyUrl}/`;
    const headers = signV4({ method: 'GET', url, ...server.s3, secretAccessKey: 'wrong' });
    const response = await fetch(url, { headers });
    const text = await response.text();
    assert.equal(response.status, 403);
    assert.match(text, /SignatureDoesNotMatch/);
  });

  await check('stopProxy: proxy refuses connections', async () => {
    await server.stopProxy();
    await server.stopProxy(); // idempotent
    await assert.rejects(fetch(objectUrl, { headers: { 'X-Auth-Token': token } }));
  });

  await check('startProxy: same port, same token, same object', async () => {
    const restartedAt = performance.now();
    await server.startProxy();
    console.log(`# proxy restart: ${Math.round(performance.now() - restartedAt)} ms`);
    const get = await fetch(objectUrl, { headers: { 'X-Auth-Token': token } });
    assert.equal(get.status, 200);
    assert.equal(await get.text(), payload);
  });
} finally {
  const pids = Object.values(server.pids()).filter((pid): pid is number => pid !== undefined);
  await check('stop(): children gone, temp dir removed, idempotent', async () => {
    await server.stop();
    await server.stop();
    for (const pid of pids) assert.ok(!existsSync(`/proc/${pid}`), `pid ${pid} gone`);
    assert.ok(!existsSync(server.dataDir), 'data dir removed');
  });
}
console.log(`${passed} passed, 0 failed`);
