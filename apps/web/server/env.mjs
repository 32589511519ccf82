import os from 'node:os';

/** The only place the web process itself reads the environment (the app reads it through src/env.ts). */
export function readServerEnv(argv) {
  const dev = argv.includes('--dev');
  const host = process.env.HOST || '127.0.0.1';
  const port = Number(process.env.PORT || 3000);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`Invalid environment: PORT must be a TCP port (1-65535), not "${process.env.PORT}"`);
  // A header the admin's own proxy sets (e.g. x-forwarded-for); unset: the socket's peer is the client.
  const trustedProxyHeader = process.env.STOWAGE_TRUSTED_PROXY_HEADER?.trim().toLowerCase() || undefined;
  if (trustedProxyHeader && !/^[a-z0-9-]{1,64}$/.test(trustedProxyHeader)) {
    throw new Error('Invalid environment: STOWAGE_TRUSTED_PROXY_HEADER must be a header name, e.g. x-forwarded-for');
  }
  return { dev, host, port, trustedProxyHeader, publicUrl: process.env.STOWAGE_PUBLIC_URL || undefined, processes: webProcesses(dev), processIndex: process.env.STOWAGE_WEB_PROCESS_INDEX };
}

/** STOWAGE_WEB_PROCESSES: how many processes serve the web app; by default one per core, at most 4. */
function webProcesses(dev) {
  const given = process.env.STOWAGE_WEB_PROCESSES?.trim();
  if (!given) return dev ? 1 : Math.min(os.availableParallelism(), 4);
  const count = Number(given);
  if (!/^\d+$/.test(given) || count < 1 || count > 32) {
    throw new Error(`Invalid environment: STOWAGE_WEB_PROCESSES must be a whole number from 1 to 32, not "${given}"`);
  }
  // Hot reload watches and rebuilds in one process.
  return dev ? 1 : count;
}
