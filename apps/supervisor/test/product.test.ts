/* `npm start` as an admin runs it: each process killed with SIGKILL comes back on its own, the product keeps
 * (or soon again) answering, the interrupted copy converges, and every restart is an event. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, childrenOf, isAlive, startProduct, until, type RunningProduct } from './support/product';

const MiB = 1024 * 1024;
const image = Buffer.alloc(3 * MiB, 'stowage');
const sha256 = createHash('sha256').update(image).digest('hex');

/** Serves the image no faster than 512 KiB/s, so a copy is still running when its worker is killed. */
async function startSlowImageServer() {
  const server = http.createServer(async (request, response) => {
    response.writeHead(200, { 'content-length': image.length });
    for (let offset = 0; offset < image.length && !response.destroyed; offset += 64 * 1024) {
      response.write(image.subarray(offset, offset + 64 * 1024));
      await new Promise((resolve) => setTimeout(resolve, 125));
    }
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/image.iso`, server };
}

/** A request whose body stops short of its Content-Length, its sending side then closed. */
function shortUpload(origin: string, pathAndQuery: string, cookie: string): Promise<string> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => {
      socket.write(`POST ${pathAndQuery} HTTP/1.1\r\nHost: ${hostname}\r\nCookie: ${cookie}\r\nContent-Type: application/octet-stream\r\nContent-Length: ${2 * MiB}\r\n\r\n`);
      socket.end(Buffer.alloc(MiB / 2, 1));
    });
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

interface ObjectDetail {
  object: { status: string; sha256: string | null; zones: Record<string, { state: string }> };
  jobs: { id: string; kind: string; state: string; error: string | null; attempts: number }[];
}
interface EventsPage {
  items: { type: string; severity: string; message: string; actor: string }[];
}

describe('npm start supervises the web app, the agent API and the worker', () => {
  let product: RunningProduct;
  let source: Awaited<ReturnType<typeof startSlowImageServer>>;
  let zoneId: string;
  let recordRoot: string;

  beforeAll(async () => {
    source = await startSlowImageServer();
    product = await startProduct({ STOWAGE_JOB_LEASE_S: '3', STOWAGE_RECONCILE_INTERVAL_MS: '200', STOWAGE_RESTART_BASE_MS: '200', STOWAGE_WEB_PROCESSES: '2' });
    recordRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-product-nfs-'));
    zoneId = (await product.mutate<{ id: string }>('zone.create', { name: 'zone-a' })).id;
    await product.mutate('store.register', { name: 'nfs-a', provider: 'nfs', role: 'record', zoneId, config: { path: recordRoot } });
    await product.mutate('settings.updateIngest', { allowedNetworks: ['127.0.0.1/32'], maxBytes: 1024 ** 3 });
  });
  afterAll(async () => {
    await product?.stop();
    source?.server.closeAllConnections();
    source?.server.close();
  });

  it('a killed worker is restarted while the web app keeps answering, and the copy it was running converges', async () => {
    const { objectId } = await product.mutate<{ objectId: string }>('object.registerByUrl', {
      name: 'image',
      kind: 'iso',
      format: 'iso',
      originZoneId: zoneId,
      placement: 'origin_only',
      url: source.url,
    });
    await until(async () => (await product.query<ObjectDetail>('object.byId', { objectId })).jobs.some((job) => job.state === 'running'), 20_000, 'the ingest to run');
    const worker = product.pidOf('the worker')!;
    // The pid the supervisor watches is the worker itself, not a wrapper that would leave it behind.
    expect(fs.readFileSync(`/proc/${worker}/cmdline`, 'utf8')).toMatch(/^stowage-worker/);
    process.kill(worker, 'SIGKILL');

    expect(await product.answers()).toBe(true);
    const restarted = await product.restartedPid('the worker', worker, 10_000);
    expect(isAlive(restarted)).toBe(true);
    let last: ObjectDetail | null = null;
    const detail = await until(
      async () => {
        last = await product.query<ObjectDetail>('object.byId', { objectId });
        // Ready where it belongs; with no object store in this test, its status says it has no backup.
        return last.object.status === 'no_backup' ? last : null;
      },
      60_000,
      'the interrupted ingest to converge',
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}; last seen: ${JSON.stringify(last)}\n${product.log.slice(-30).join('\n')}`);
    });
    expect(detail.object.sha256).toBe(sha256);
    expect(detail.object.zones[zoneId]).toMatchObject({ state: 'ready' });
    expect(detail.jobs.find((job) => job.kind === 'ingest')).toMatchObject({ state: 'succeeded', attempts: 2 });

    const events = await product.query<EventsPage>('overview.events', { limit: 50 });
    expect(events.items.find((event) => event.type === 'process.restarted')).toMatchObject({
      severity: 'warning',
      actor: 'system:supervisor',
      message: expect.stringMatching(/^The worker stopped unexpectedly \(killed by SIGKILL\) after \d+ s; restarting it in 0 s\.$/),
    });
  });

  const webProcesses = (web: number) => childrenOf(web).filter((pid) => /^stowage-web-\d/.test(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8')));

  it('a killed web app answers again within seconds, its own processes go with it, and its restart is an event', async () => {
    const web = product.pidOf('the web app')!;
    expect(fs.readFileSync(`/proc/${web}/cmdline`, 'utf8')).toMatch(/^stowage-web\0/);
    const serving = webProcesses(web);
    expect(serving).toHaveLength(2); // STOWAGE_WEB_PROCESSES
    process.kill(web, 'SIGKILL');
    const killedAt = Date.now();
    await product.restartedPid('the web app', web, 10_000);
    await until(() => product.answers(), 15_000, 'the web app to answer again');
    expect(Date.now() - killedAt).toBeLessThan(15_000);
    await until(() => serving.every((pid) => !isAlive(pid)), 15_000, 'the killed web app\'s processes to stop');
    const events = await product.query<EventsPage>('overview.events', { limit: 50 });
    expect(events.items.map((event) => event.message)).toContainEqual(expect.stringMatching(/^The web app stopped unexpectedly \(killed by SIGKILL\)/));
  });

  it('one of the web app\'s processes killed: the web app stops the others and is restarted whole', async () => {
    const web = product.pidOf('the web app')!;
    const [killed, other] = webProcesses(web);
    process.kill(killed!, 'SIGKILL');
    const restarted = await product.restartedPid('the web app', web, 20_000);
    await until(() => !isAlive(other!) && !isAlive(web), 15_000, 'the web app\'s other process and its first one to stop');
    await until(() => product.answers(), 30_000, 'the web app to answer again');
    expect(webProcesses(restarted)).toHaveLength(2);
    expect(product.log.some((line) => line.includes(`[web] web process ${killed} ended (killed by SIGKILL): stopping the web app's other processes`))).toBe(true);
    const events = await product.query<EventsPage>('overview.events', { limit: 50 });
    expect(events.items.map((event) => event.message)).toContainEqual(expect.stringMatching(/^The web app stopped unexpectedly \(exited with code 1\)/));
  });

  it("the agent API answers on its own port as the web app's routes do, and a killed one comes back", async () => {
    const { secret } = await product.mutate<{ secret: string }>('token.create', { name: 'product-agents', scopes: ['acquire', 'renew', 'release'], zoneIds: [zoneId], expiresInDays: 1 });
    const release = async (origin: string, token?: string) => {
      const response = await fetch(`${origin}/api/agent/v1/leases/cmwvzu1cn000kvg7dtifm3olq`, { method: 'DELETE', headers: token ? { authorization: `Bearer ${token}` } : {} });
      return { status: response.status, body: (await response.json()) as unknown, csp: response.headers.get('content-security-policy') };
    };
    const own = await release(product.agentOrigin, secret);
    expect(own).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND', message: expect.stringContaining('cmwvzu1cn000kvg7dtifm3olq') } } });
    expect(await release(product.origin, secret)).toEqual(own); // the web app still serves the same routes
    expect(await release(product.agentOrigin)).toMatchObject({ status: 401, csp: "default-src 'none'; frame-ancestors 'none'" });

    const agentApi = product.pidOf('the agent API')!;
    expect(fs.readFileSync(`/proc/${agentApi}/cmdline`, 'utf8')).toMatch(/^stowage-agent-api/);
    process.kill(agentApi, 'SIGKILL');
    await product.restartedPid('the agent API', agentApi, 10_000);
    await until(async () => (await release(product.agentOrigin, secret).catch(() => null))?.status === 404, 30_000, 'the agent API to answer again');
    const events = await product.query<EventsPage>('overview.events', { limit: 50 });
    expect(events.items.map((event) => event.message)).toContainEqual(expect.stringMatching(/^The agent API stopped unexpectedly \(killed by SIGKILL\)/));
  });

  it('an upload whose body stops short gets a JSON error, its job says how far it got, and nothing is left on the store', async () => {
    // The worker killed in the first test may have left its temp file (the sweeper takes it after an hour).
    const tempFiles = () => fs.readdirSync(path.join(recordRoot, '.stowage-tmp'));
    const before = tempFiles();
    const query = new URLSearchParams({ name: 'short', kind: 'iso', format: 'iso', originZoneId: zoneId, placement: 'origin_only' });
    const answer = await shortUpload(product.origin, `/api/objects/upload?${query}`, product.cookie);
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(answer).toMatch(/content-type: application\/json/i);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({
      error: {
        message: 'The request ended before its body was complete: fewer bytes arrived than its Content-Length announced. Nothing was stored; send it again.',
        code: 'BAD_REQUEST',
        fieldErrors: null,
      },
    });
    const failed = await until(
      async () => {
        const { jobs } = await product.query<{ jobs: { state: string; error: string | null }[] }>('job.list', { state: 'failed', limit: 10 });
        return jobs.find((job) => job.error?.startsWith('The upload was interrupted'));
      },
      10_000,
      'the upload job to fail',
    );
    // The bytes still in flight when the parser refused the request never reached the upload.
    const [, received] = /^The upload was interrupted after (\d+) of 2097152 bytes \(2\d %\): the client closed the connection\. Nothing was kept; upload the file again\.$/.exec(failed.error ?? '') ?? [];
    expect(Number(received)).toBeGreaterThan(0);
    expect(Number(received)).toBeLessThanOrEqual(MiB / 2);
    expect(tempFiles()).toEqual(before);
  });

  it('SIGTERM stops every process, and a supervisor killed outright leaves no process behind', async () => {
    const pids = [product.pidOf('the web app')!, product.pidOf('the agent API')!, product.pidOf('the worker')!];
    const serving = webProcesses(pids[0]!);
    expect(serving).toHaveLength(2);
    expect(await product.stop()).toBe(0);
    expect([...pids, ...serving].map(isAlive)).toEqual([false, false, false, false, false]);

    const again = await startProduct();
    const orphans = [again.pidOf('the web app')!, again.pidOf('the agent API')!, again.pidOf('the worker')!];
    again.supervisor.kill('SIGKILL');
    await until(() => orphans.every((pid) => !isAlive(pid)), 20_000, 'the children of a killed supervisor to stop');
  });
});

describe('the first run', () => {
  let product: RunningProduct | undefined;
  afterAll(async () => {
    await product?.stop();
  });

  it('prints a one-time password for "admin" once, which must be changed before anything else', async () => {
    product = await startProduct({ STOWAGE_ADMIN_PASSWORD: '' });
    const line = await until(() => product!.log.find((entry) => /^\s*│\s+[a-z2-9]{5}(-[a-z2-9]{5}){3}\s*$/.test(entry)), 5_000, 'the one-time password');
    const oneTime = line.replace(/[│\s]/g, '');
    expect(product.log.filter((entry) => entry.includes(oneTime))).toHaveLength(1);

    expect(await product.signIn('admin', oneTime)).toEqual({ mustChangePassword: true });
    await expect(product.mutate('zone.create', { name: 'too-early' })).rejects.toThrow(/403: Change your one-time password first/);
    await product.mutate('account.changePassword', { currentPassword: oneTime, newPassword: ADMIN_PASSWORD });
    await product.mutate('zone.create', { name: 'after-the-change' });
    await expect(product.signIn('admin', oneTime)).rejects.toThrow(/401/);
    expect(await product.signIn('admin', ADMIN_PASSWORD)).toEqual({ mustChangePassword: false });
  });
});
