import type { ColumnType } from './tables';

/*
 * Values as each database gives them, to one form. SQLite (read with safe integers) gives integers as bigint,
 * booleans as 0/1, DateTime as Prisma's adapter writes it ('2026-12-02T10:04:50.123+00:00'), as a migration
 * default wrote it (CURRENT_TIMESTAMP: '2026-12-02 10:04:50', UTC) or as epoch milliseconds. PostgreSQL (read
 * with the raw-text parsers below) gives timestamp(3) as UTC wall time and bigint as text.
 */

/** A SQLite value as the parameter the PostgreSQL column takes. */
export function sqliteToPostgres(value: unknown, type: ColumnType): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'boolean':
      return Number(value) !== 0;
    case 'timestamp without time zone':
      return sqliteTime(value).toISOString();
    case 'integer':
      return Number(value);
    case 'bigint':
      return String(value);
    case 'double precision':
      return Number(value);
    case 'text':
      return typeof value === 'string' ? value : String(value);
  }
}

/** A SQLite value in canonical form, for the checksum. */
export function canonicalSqlite(value: unknown, type: ColumnType): string | null {
  const converted = sqliteToPostgres(value, type);
  return converted === null ? null : String(converted);
}

/** A PostgreSQL value (timestamps and bigints as raw text, see RAW_TEXT_TYPES) in canonical form. */
export function canonicalPostgres(value: unknown, type: ColumnType): string | null {
  if (value === null || value === undefined) return null;
  if (type === 'timestamp without time zone') return new Date(`${String(value).replace(' ', 'T')}Z`).toISOString();
  return String(value);
}

function sqliteTime(value: unknown): Date {
  const time =
    typeof value === 'number' || typeof value === 'bigint'
      ? new Date(Number(value))
      : /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/.test(String(value))
        ? new Date(`${String(value).replace(' ', 'T')}Z`)
        : new Date(String(value));
  if (Number.isNaN(time.getTime())) throw new Error(`Not a time: ${String(value)}`);
  return time;
}

/** pg type ids read as raw text: timestamp (1114) and bigint (20). */
export const RAW_TEXT_TYPES = new Set([1114, 20]);
