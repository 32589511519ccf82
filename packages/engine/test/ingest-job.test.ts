import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateIngestSettings, registerObjectByUrl } from '../src';
import { createEngineWorld, type EngineWorld } from './support/engine-world';

describe('the ingest job checks the URL again when it downloads', () => {
  let world: EngineWorld;
  let server: http.Server;
  let base: string;
  let zoneId: string;
  let hits503 = 0;

  beforeAll(async () => {
    world = await createEngineWorld();
    zoneId = await world.zone('zone-a');
    await world.recordStore(zoneId, 'nfs-a');
    server = http.createServer((request, response) => {
      if (request.url === '/redirect-private') response.writeHead(302, { location: 'http://10.0.0.1/image' }).end();
      else if (request.url === '/missing') response.writeHead(404).end();
      else if (request.url === '/flaky') {
        hits503 += 1;
        if (hits503 < 2) response.writeHead(503).end();
        else response.writeHead(200, { 'content-length': 5 }).end('hello');
      } else response.writeHead(500).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await updateIngestSettings(world.ctx, { allowedNetworks: ['127.0.0.1/32'], maxBytes: 1024 ** 2 });
  });
  afterAll(async () => {
    await world?.dispose();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  const register = (name: string, path: string) =>
    registerObjectByUrl(world.ctx, { name, kind: 'iso', format: 'iso', originZoneId: zoneId, placement: 'origin_only', url: `${base}${path}` });

  it('a redirect to a private address fails the job for good, with the reason on the replica', async () => {
    const created = await register('redirected', '/redirect-private');
    const worker = world.worker();
    await worker.idle();
    await worker.stop();
    const job = await world.db.job.findUniqueOrThrow({ where: { id: created.jobId } });
    expect(job).toMatchObject({ state: 'failed', errorKind: 'permanent', attempts: 1 });
    expect(job.error).toMatch(/Refused redirect target .*10\.0\.0\.1 is a private address/);
    expect((await world.db.replica.findUniqueOrThrow({ where: { id: created.replicaId } })).error).toBe(job.error);
  });

  it('a 404 is permanent; a 503 is retried and then succeeds', async () => {
    const missing = await register('missing', '/missing');
    const flaky = await register('flaky', '/flaky');
    await world.db.job.updateMany({ data: { maxAttempts: 3 } });
    const worker = world.worker();
    for (let waited = 0; waited < 20_000; waited += 100) {
      const job = await world.db.job.findUniqueOrThrow({ where: { id: flaky.jobId } });
      if (job.state === 'queued' && job.attempts === 1) await world.db.job.update({ where: { id: flaky.jobId }, data: { runAfter: new Date() } });
      if (job.state === 'succeeded') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await worker.idle();
    await worker.stop();
    expect(await world.db.job.findUniqueOrThrow({ where: { id: missing.jobId } })).toMatchObject({ state: 'failed', attempts: 1 });
    expect((await world.db.job.findUniqueOrThrow({ where: { id: missing.jobId } })).error).toMatch(/404/);
    expect(await world.db.job.findUniqueOrThrow({ where: { id: flaky.jobId } })).toMatchObject({ state: 'succeeded', attempts: 2 });
    expect(await world.db.replica.findUniqueOrThrow({ where: { id: flaky.replicaId } })).toMatchObject({ state: 'ready', bytesDone: 5n });
  });
});
