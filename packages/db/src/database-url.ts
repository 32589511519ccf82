/** The databases Stowage runs on: SQLite (embedded, the default) and PostgreSQL (many machines). */
export type DatabaseKind = 'sqlite' | 'postgres';

/** Which database a DATABASE_URL names, by its scheme. */
export function databaseKindOf(url: string): DatabaseKind {
  if (url.startsWith('file:')) return 'sqlite';
  if (url.startsWith('postgresql://') || url.startsWith('postgres://')) return 'postgres';
  throw new Error(`Unsupported DATABASE_URL scheme "${url.split(':')[0]}:" (expected file: for SQLite or postgresql:// for PostgreSQL)`);
}

/** The URL with its password replaced, for logs and messages. */
export function redactDatabaseUrl(url: string): string {
  if (databaseKindOf(url) === 'sqlite') return url;
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgresql://(unparseable URL)';
  }
}
