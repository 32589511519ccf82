/*
 * One web process: Next.js on Node's own HTTP server, so that Stowage decides what a client sees when its request
 * is malformed. It stops on SIGTERM or SIGINT, and when the process that started it (the supervisor, or the web
 * app's first process) goes away.
 */
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import next from 'next';
import { answerClientError } from './client-error.mjs';
import { setClientAddress } from './client-address.mjs';
import { setSecurityHeaders } from './security-headers.mjs';

/** `announce`: print the serving line (the one process, or none when a first process speaks for several). */
export async function serveWeb({ dev, host, port, trustedProxyHeader, publicUrl }, { announce }) {
  const app = next({ dev, hostname: host, port, dir: fileURLToPath(new URL('..', import.meta.url)), turbopack: dev });
  await app.prepare();
  const handle = app.getRequestHandler();

  const server = createServer((request, response) => {
    setClientAddress(request, trustedProxyHeader);
    setSecurityHeaders(request, response, { https: publicUrl?.startsWith('https://') ?? false, dev });
    void handle(request, response);
  });
  server.on('clientError', answerClientError);
  server.listen(port, host, () => {
    if (announce) console.log(`[web] serving http://${host}:${port}${dev ? ' (development: hot reload)' : ''}`);
  });

  let stopping = false;
  function stop(why) {
    if (stopping) return;
    stopping = true;
    if (announce) console.log(`[web] ${why}: stopping`);
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    // Requests still running (an agent waiting for a copy, an upload) get a little time, not forever.
    setTimeout(() => process.exit(0), 10_000).unref();
  }
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // Started with an IPC channel (by the supervisor, or by the web app's first process): when that one dies, so does this.
  process.on('disconnect', () => stop('supervisor gone'));
}
