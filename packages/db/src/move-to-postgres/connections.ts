import Database from 'better-sqlite3';
import pg from 'pg';
import { databaseKindOf } from '../database-url';
import { sqlitePathFromUrl } from '../migrate-sqlite';
import { RAW_TEXT_TYPES } from './values';

export function openSource(url: string): Database.Database {
  if (databaseKindOf(url) !== 'sqlite') throw new Error('The database to move from must be SQLite (a file: URL).');
  const source = new Database(sqlitePathFromUrl(url), { readonly: true, fileMustExist: true });
  source.defaultSafeIntegers(true);
  return source;
}

export async function openTarget(url: string): Promise<pg.Client> {
  if (databaseKindOf(url) !== 'postgres') throw new Error('The database to move to must be PostgreSQL (a postgresql:// URL).');
  const target = new pg.Client({
    connectionString: url,
    application_name: 'stowage move-to-postgres',
    types: { getTypeParser: ((id: number, format?: 'text' | 'binary') => (RAW_TEXT_TYPES.has(id) ? (value: string) => value : pg.types.getTypeParser(id, format))) as typeof pg.types.getTypeParser },
  });
  await target.connect();
  return target;
}
