/** The only place the web process itself reads the environment (the app reads it through src/env.ts). */
export function readServerEnv(argv) {
  const host = process.env.HOST || '127.0.0.1';
  const port = Number(process.env.PORT || 3000);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`Invalid environment: PORT must be a TCP port (1-65535), not "${process.env.PORT}"`);
  return { dev: argv.includes('--dev'), host, port };
}
