/* The origin of the ingests: a plain HTTP server on 127.0.0.1 serving the seeded objects by path. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FileServer {
  url(path: string): string;
  close(): Promise<void>;
}

export async function startFileServer(files: ReadonlyMap<string, Buffer>): Promise<FileServer> {
  const server = http.createServer((request, response) => {
    const file = files.get(request.url ?? '');
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-length': file.length, 'content-type': 'application/octet-stream' });
    response.end(file);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
