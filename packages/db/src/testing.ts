import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyMigrations } from './migrate';
import { createDb, type Db } from './client';

/** A migrated, throwaway SQLite database for one test file. */
export async function createTestDb(): Promise<{ db: Db; url: string; dispose: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-test-db-'));
  const url = `file:${path.join(dir, 'test.db')}`;
  applyMigrations({ url });
  const db = createDb({ url });
  return {
    db,
    url,
    dispose: async () => {
      await db.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
