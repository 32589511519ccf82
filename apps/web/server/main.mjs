/*
 * The web app's process: Next.js on Node's own HTTP server, so that Stowage decides what a client sees when
 * its request is malformed, and the process ends with its supervisor. One process: it receives its own signals.
 *   node server/main.mjs          production (after `next build`)
 *   node server/main.mjs --dev    development, with hot reload
 */
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import next from 'next';
import { answerClientError } from './client-error.mjs';
import { readServerEnv } from './env.mjs';
import { setClientAddress } from './client-address.mjs';
import { setSecurityHeaders } from './security-headers.mjs';

process.title = 'stowage-web';
const { dev, host, port, trustedProxyHeader, publicUrl } = readServerEnv(process.argv);
const app = next({ dev, hostname: host, port, dir: fileURLToPath(new URL('..', import.meta.url)), turbopack: dev });
await app.prepare();
const handle = app.getRequestHandler();

const server = createServer((request, response) => {
  setClientAddress(request, trustedProxyHeader);
  setSecurityHeaders(request, response, { https: publicUrl?.startsWith('https://') ?? false, dev });
  void handle(request, response);
});
server.on('clientError', answerClientError);
server.listen(port, host, () => console.log(`[web] serving http://${host}:${port}${dev ? ' (development: hot reload)' : ''}`));

let stopping = false;
function stop(why) {
  if (stopping) return;
  stopping = true;
  console.log(`[web] ${why}: stopping`);
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  // Requests still running (an agent waiting for a copy, an upload) get a little time, not forever.
  setTimeout(() => process.exit(0), 10_000).unref();
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
// Started by the supervisor with an IPC channel: when the supervisor dies, so does this process.
process.on('disconnect', () => stop('supervisor gone'));
