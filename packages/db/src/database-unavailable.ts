/** PostgreSQL's classes for "the server is not there right now": 08 connection exception, 57P01–57P03 shutting down or starting. */
const UNAVAILABLE_SQLSTATES = /^(08\d{3}|57P0[123])$/;
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'SQLITE_BUSY']);
// Prisma's: P1001 can't reach the server, P1002 timed out, P1008 operation timed out, P1017 server closed the connection, P2024 pool timeout.
const UNAVAILABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const UNAVAILABLE_MESSAGES = /Connection terminated|connection timeout|timeout exceeded when trying to connect|the database system is (starting up|shutting down|in recovery mode)|terminating connection due to administrator command|database is locked|Can't reach database server/i;

/**
 * True when an error says the database cannot answer for now (restarting, unreachable, its pool exhausted,
 * SQLite's writer lock held too long): the request may succeed if repeated, so callers answer 503, not 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const { code, originalCode, meta, message, cause } = current as { code?: unknown; originalCode?: unknown; meta?: { code?: unknown }; message?: unknown; cause?: unknown };
    for (const value of [code, originalCode, meta?.code]) {
      if (typeof value !== 'string') continue;
      if (UNAVAILABLE_SQLSTATES.test(value) || UNAVAILABLE_NODE_CODES.has(value) || UNAVAILABLE_PRISMA_CODES.has(value)) return true;
    }
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
    current = cause;
  }
  return false;
}
