import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Deterministic pseudo-random bytes: the same seed gives the same file in every process. */
export function testBytes(size: number, seed = 1): Buffer {
  const out = Buffer.alloc(size);
  let block = createHash('sha256').update(`seed-${seed}`).digest();
  for (let offset = 0; offset < size; offset += block.length) {
    block.copy(out, offset);
    block = createHash('sha256').update(block).digest();
  }
  return out;
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A plain HTTP server on 127.0.0.1 serving files by path, optionally no faster than `rateBps`. */
export async function startFileServer(files: Record<string, Buffer>, options: { rateBps?: number } = {}) {
  const server = http.createServer(async (request, response) => {
    const file = files[request.url ?? ''];
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-length': file.length, 'content-type': 'application/octet-stream' });
    const chunk = 256 * 1024;
    for (let offset = 0; offset < file.length && !response.destroyed; offset += chunk) {
      const ok = response.write(file.subarray(offset, offset + chunk));
      if (options.rateBps) await new Promise((resolve) => setTimeout(resolve, (chunk / options.rateBps!) * 1000));
      else if (!ok) await new Promise((resolve) => response.once('drain', resolve));
    }
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (file: string) => `http://127.0.0.1:${port}${file}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
