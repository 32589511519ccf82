import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '@stowage/db';
import { isUniqueViolation } from '../prisma-errors';

/** The Setting that holds it. */
export const INSTALLATION_ID_SETTING = 'installation.id';

/** Read once per database client: once made, the id never changes (every health probe needs it). */
const known = new WeakMap<Db, string>();

/**
 * This installation's id: random, made on first use and kept in the database, so that a store's marker says
 * which installation registered it (a fresh database is another installation, even on the same machine).
 */
export async function installationId(db: Db): Promise<string> {
  const cached = known.get(db);
  if (cached) return cached;
  const id = await readOrCreate(db);
  known.set(db, id);
  return id;
}

async function readOrCreate(db: Db): Promise<string> {
  const row = await db.setting.findUnique({ where: { key: INSTALLATION_ID_SETTING } });
  if (row) return z.string().min(1).parse(JSON.parse(row.value));
  try {
    await db.setting.create({ data: { key: INSTALLATION_ID_SETTING, value: JSON.stringify(randomUUID()) } });
  } catch (error) {
    // Another process made it first: theirs is the one.
    if (!isUniqueViolation(error)) throw error;
  }
  return readOrCreate(db);
}
