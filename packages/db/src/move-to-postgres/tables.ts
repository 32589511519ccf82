import type pg from 'pg';
import { Prisma } from '../generated/prisma/client';

/** The column types of Stowage's PostgreSQL schema, as information_schema names them. */
export type ColumnType = 'text' | 'integer' | 'bigint' | 'boolean' | 'double precision' | 'timestamp without time zone';
const COLUMN_TYPES: readonly string[] = ['text', 'integer', 'bigint', 'boolean', 'double precision', 'timestamp without time zone'];

export interface Column {
  name: string;
  type: ColumnType;
}

export interface Table {
  name: string;
  columns: Column[];
}

/**
 * Every table of the migrated target, parents before children (by its foreign keys), each with its columns. The
 * tables must be exactly the Prisma schema's models: a model the migrations do not create, or a table no model
 * describes, stops the move before anything is copied.
 */
export async function describeTables(target: pg.ClientBase): Promise<Table[]> {
  const { rows: columns } = await target.query<{ table: string; column: string; type: string }>(
    `SELECT table_name::text AS "table", column_name::text AS "column", data_type::text AS "type"
       FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name <> '_stowage_migrations'
      ORDER BY table_name, ordinal_position`,
  );
  const { rows: references } = await target.query<{ child: string; parent: string }>(
    `SELECT DISTINCT child.relname::text AS child, parent.relname::text AS parent
       FROM pg_constraint c
       JOIN pg_class child ON child.oid = c.conrelid
       JOIN pg_class parent ON parent.oid = c.confrelid
       JOIN pg_namespace n ON n.oid = child.relnamespace
      WHERE c.contype = 'f' AND n.nspname = 'public'`,
  );
  const tables = new Map<string, Table>();
  for (const row of columns) {
    if (!COLUMN_TYPES.includes(row.type)) throw new Error(`Column ${row.table}.${row.column} has the type ${row.type}, which the move does not know.`);
    let table = tables.get(row.table);
    if (!table) tables.set(row.table, (table = { name: row.table, columns: [] }));
    table.columns.push({ name: row.column, type: row.type as ColumnType });
  }
  const models = Object.values(Prisma.ModelName) as string[];
  const missing = models.filter((model) => !tables.has(model));
  const unknown = [...tables.keys()].filter((table) => !models.includes(table));
  if (missing.length > 0 || unknown.length > 0) {
    throw new Error(
      `The target's tables do not match the schema's models (${[...missing.map((name) => `no table ${name}`), ...unknown.map((name) => `no model ${name}`)].join(', ')}).`,
    );
  }
  return parentsFirst([...tables.values()], references);
}

function parentsFirst(tables: Table[], references: { child: string; parent: string }[]): Table[] {
  const ordered: Table[] = [];
  const placed = new Set<string>();
  let remaining = tables;
  while (remaining.length > 0) {
    const ready = remaining.filter((table) =>
      references.every((reference) => reference.child !== table.name || reference.parent === table.name || placed.has(reference.parent)),
    );
    if (ready.length === 0) throw new Error(`The foreign keys of ${remaining.map((table) => table.name).join(', ')} form a cycle.`);
    for (const table of ready) placed.add(table.name);
    ordered.push(...ready);
    remaining = remaining.filter((table) => !placed.has(table.name));
  }
  return ordered;
}

export const quoted = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;
