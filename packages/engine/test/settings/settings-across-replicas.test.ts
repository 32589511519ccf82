/* Settings are read from the database on every use, never cached in a process: a change made through one replica
 * (its own database client) is what every other replica reads next. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDb, type Db } from '@stowage/db';
import { createTestDb } from '@stowage/db/testing';
import { getIngestSettings, updateIngestSettings } from '../../src/settings/ingest-settings';

let db: Db;
let other: Db;
let dispose: () => Promise<void>;
beforeAll(async () => {
  let url: string;
  ({ db, url, dispose } = await createTestDb());
  other = createDb({ url });
});
afterAll(async () => {
  await other.$disconnect();
  await dispose();
});

it('an ingest setting changed through one replica is seen by another at its next read', async () => {
  const ctx = { db, actor: 'ada', secrets: undefined as never };
  expect((await getIngestSettings(other)).allowedNetworks).toEqual([]);
  await updateIngestSettings(ctx, { allowedNetworks: ['10.0.0.0/8'], maxBytes: 1024 });
  expect(await getIngestSettings(other)).toEqual({ allowedNetworks: ['10.0.0.0/8'], maxBytes: 1024 });
  await updateIngestSettings({ ...ctx, db: other }, { allowedNetworks: [], maxBytes: 2048 });
  expect(await getIngestSettings(db)).toEqual({ allowedNetworks: [], maxBytes: 2048 });
});
