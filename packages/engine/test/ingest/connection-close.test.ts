import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateStore } from '@stowage/services';
import { registerObjectByUrl } from '../../src';
import { createEngineWorld, type EngineWorld } from '../support/engine-world';
import { sha256, testBytes } from '../support/file-server';

/**
 * A server like Python's http.server: HTTP/1.0, Content-Length, and the connection closed right after the
 * body. Read through a slow throttle, the body parser is paused by backpressure when the peer's FIN
 * arrives; undici 7 asserted `!paused` there and crashed the whole process (nodejs/undici#5360), which
 * Stowage's patch of undici (patches/) mends.
 */
async function startClosingServer(files: Record<string, Buffer>) {
  const server = net.createServer((socket) => {
    socket.once('data', (request) => {
      const path = /^GET (\S+)/.exec(request.toString('latin1'))?.[1] ?? '';
      const file = files[path];
      if (!file) {
        socket.end('HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      socket.write(`HTTP/1.0 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: ${file.length}\r\n\r\n`);
      socket.end(file);
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('an ingest from a server that closes the connection after the body, through a 64 KiB/s limit', () => {
  let world: EngineWorld;
  let files: Awaited<ReturnType<typeof startClosingServer>>;
  const one = testBytes(200 * 1024, 11);
  const two = testBytes(150 * 1024, 12);

  beforeAll(async () => {
    world = await createEngineWorld();
    files = await startClosingServer({ '/one.iso': one, '/two.iso': two });
    await world.allowLoopbackIngest();
  });
  afterAll(async () => {
    await world?.dispose();
    await files?.close();
  });

  it('both ingests finish with the right bytes, one after the other, and the process lives on', async () => {
    const zoneId = await world.zone('closing-a');
    const store = await world.recordStore(zoneId, 'closing-nfs');
    await updateStore(world.ctx, { storeId: store.id, maxConcurrentTransfers: 1, bandwidthLimitBps: 64 * 1024 });
    const register = (name: string, path: string) =>
      registerObjectByUrl(world.ctx, { name, kind: 'iso', format: 'iso', originZoneId: zoneId, placement: 'origin_only', url: files.url(path) });

    const worker = world.worker({ concurrency: 2 });
    const first = await register('closing-one', '/one.iso');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const second = await register('closing-two', '/two.iso');
    await worker.idle();
    await worker.stop();

    const jobs = await world.db.job.findMany({ where: { id: { in: [first.jobId, second.jobId] } }, orderBy: { startedAt: 'asc' } });
    expect(jobs.map((job) => [job.state, job.error])).toEqual([
      ['succeeded', null],
      ['succeeded', null],
    ]);
    const objects = await world.db.dataObject.findMany({ where: { id: { in: [first.objectId, second.objectId] } }, orderBy: { name: 'asc' } });
    expect(objects.map((object) => object.sha256)).toEqual([sha256(one), sha256(two)]);
  });
});
