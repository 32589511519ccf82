import path from 'node:path';
import { z } from 'zod';

/** The variables that locate an installation's data, the same for every process of it (web app, worker, supervisor). */
export const dataDirVariables = {
  /** Where the embedded default keeps its database, secret key and demo stores. */
  STOWAGE_DATA_DIR: z
    .string()
    .default('.data')
    .transform((value) => path.resolve(value)),
  DATABASE_URL: z.string().regex(/^file:.+/, 'DATABASE_URL must be a file: URL (SQLite)').optional(),
};
