import type { SqliteConnection, SqliteStatement } from './client';

/**
 * A module's SQL statements prepared once per SQLite connection: `statementsOn(sql)` answers a function that gives
 * the prepared statements of a connection, preparing them on its first use.
 */
export function statementsOn<const S extends Record<string, string>>(sql: S): (connection: SqliteConnection) => { [K in keyof S]: SqliteStatement } {
  type Statements = { [K in keyof S]: SqliteStatement };
  const prepared = new WeakMap<SqliteConnection, Statements>();
  return (connection) => {
    let statements = prepared.get(connection);
    if (!statements) {
      statements = Object.fromEntries(Object.entries(sql).map(([name, text]) => [name, connection.prepare(text)])) as Statements;
      prepared.set(connection, statements);
    }
    return statements;
  };
}
