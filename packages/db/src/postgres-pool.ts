import pg from 'pg';

/** Default connections per process: Σ over every web, agent-api and worker process must stay below max_connections. */
export const DEFAULT_POOL_SIZE = 10;

/**
 * timestamp(3) columns hold UTC wall time (Prisma writes them so); node-postgres would read them as local time.
 * Raw queries on the pool use this parser; Prisma's adapter parses its own results.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.TIMESTAMP) return (value: string) => new Date(`${value.replace(' ', 'T')}Z`);
    return pg.types.getTypeParser(oid, format);
  },
};

/**
 * The process's own pool (Prisma's adapter and the raw hot paths share it). Its size comes from
 * `connection_limit` in the URL (Prisma's convention) or `poolSize`; a caller waits at most 10 s for a
 * connection instead of forever.
 */
export function createPostgresPool(options: { url: string; poolSize?: number; applicationName?: string }): pg.Pool {
  const url = new URL(options.url);
  const limit = url.searchParams.get('connection_limit');
  url.searchParams.delete('connection_limit');
  url.searchParams.delete('schema');
  const max = options.poolSize ?? (limit ? Number(limit) : DEFAULT_POOL_SIZE);
  if (!Number.isInteger(max) || max < 1 || max > 1000) throw new Error(`connection_limit must be a whole number from 1 to 1000, not ${limit}`);
  const pool = new pg.Pool({
    connectionString: url.toString(),
    max,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    application_name: options.applicationName ?? 'stowage',
    types,
  });
  // A connection the server dropped (a restart) must not crash the process. The pool hears it while the connection
  // is idle; while it is checked out and between queries only the connection itself does, and an 'error' event
  // nobody listens to ends the process. Its next query fails instead, and the pool drops it when it is released.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}
