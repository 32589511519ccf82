/** The only place the web process itself reads the environment (the app reads it through src/env.ts). */
export function readServerEnv(argv) {
  const host = process.env.HOST || '127.0.0.1';
  const port = Number(process.env.PORT || 3000);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`Invalid environment: PORT must be a TCP port (1-65535), not "${process.env.PORT}"`);
  // A header the admin's own proxy sets (e.g. x-forwarded-for); unset: the socket's peer is the client.
  const trustedProxyHeader = process.env.STOWAGE_TRUSTED_PROXY_HEADER?.trim().toLowerCase() || undefined;
  if (trustedProxyHeader && !/^[a-z0-9-]{1,64}$/.test(trustedProxyHeader)) {
    throw new Error('Invalid environment: STOWAGE_TRUSTED_PROXY_HEADER must be a header name, e.g. x-forwarded-for');
  }
  return { dev: argv.includes('--dev'), host, port, trustedProxyHeader, publicUrl: process.env.STOWAGE_PUBLIC_URL || undefined };
}
