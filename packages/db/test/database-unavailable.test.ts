import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../src';

describe('isDatabaseUnavailable', () => {
  it('recognises a PostgreSQL server restarting or unreachable, however the driver or Prisma wraps it', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDatabaseUnavailable({ code: '57P01', message: 'terminating connection due to administrator command' })).toBe(true);
    expect(isDatabaseUnavailable({ message: 'the database system is starting up', code: '57P03' })).toBe(true);
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: new Error('Connection terminated unexpectedly') }))).toBe(true);
    expect(isDatabaseUnavailable({ code: 'P2024', message: 'Timed out fetching a new connection from the connection pool.' })).toBe(true);
    expect(isDatabaseUnavailable({ code: 'SQLITE_BUSY', message: 'database is locked' })).toBe(true);
  });

  it('leaves every other failure alone: constraint violations, bad SQL, serialization failures, plain bugs', () => {
    expect(isDatabaseUnavailable({ code: 'P2002', message: 'Unique constraint failed' })).toBe(false);
    expect(isDatabaseUnavailable({ code: '42P01', message: 'relation "x" does not exist' })).toBe(false);
    expect(isDatabaseUnavailable({ code: '40001', message: 'could not serialize access' })).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('undefined is not a function'))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});
