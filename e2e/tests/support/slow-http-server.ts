import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlowHttpServer {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  /** The one file it serves (at any path but /missing…, which answers 404), its size and sha256. */
  size: number;
  sha256: string;
  /** How many GET requests have been answered so far. */
  requests(): number;
  stop(): Promise<void>;
}

/** The same bytes on every run: a xorshift32 stream from a fixed seed. */
export function deterministicBytes(size: number, seed = 0x5f0e_a9e1): Buffer {
  const buffer = Buffer.alloc(size);
  let state = seed >>> 0;
  for (let offset = 0; offset + 4 <= size; offset += 4) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    buffer.writeUInt32LE(state, offset);
  }
  return buffer;
}

/**
 * A plain HTTP server on 127.0.0.1 (a free port) serving one deterministic file with its Content-Length,
 * paced to `bytesPerSecond` in small chunks, so an ingest from it takes seconds and its progress can be
 * watched. No mocks: the product's worker downloads from it over real TCP.
 */
export async function startSlowHttpServer(options: { size: number; bytesPerSecond: number; chunkBytes?: number }): Promise<SlowHttpServer> {
  const body = deterministicBytes(options.size);
  const sha256 = createHash('sha256').update(body).digest('hex');
  const chunkBytes = options.chunkBytes ?? 64 * 1024;
  const pauseMs = (chunkBytes / options.bytesPerSecond) * 1000;
  let requests = 0;
  const timers = new Set<NodeJS.Timeout>();

  const server = http.createServer((request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405).end();
      return;
    }
    requests += 1;
    if (request.url?.startsWith('/missing')) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not here');
      return;
    }
    response.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(body.length) });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    let offset = 0;
    const started = Date.now();
    const sendNext = () => {
      if (response.destroyed) return;
      const end = Math.min(body.length, offset + chunkBytes);
      const writable = response.write(body.subarray(offset, end));
      offset = end;
      if (offset >= body.length) {
        response.end();
        return;
      }
      // Paced against the clock from the start, so timer jitter does not slow the whole transfer down.
      const due = started + (offset / chunkBytes) * pauseMs;
      const schedule = () => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          sendNext();
        }, Math.max(0, due - Date.now()));
        timers.add(timer);
      };
      if (writable) schedule();
      else response.once('drain', schedule);
    };
    sendNext();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    size: body.length,
    sha256,
    requests: () => requests,
    stop: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
