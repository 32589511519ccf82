import { randomBytes } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import type { Db } from '@stowage/db';
import { createTestDb } from '@stowage/db/testing';
import { createSecretBox, probeStaleStores } from '../src';

let dispose: (() => Promise<void>) | undefined;
afterEach(async () => dispose?.());

it('a store removed between the listing and its probe is skipped, not the end of the pass', async () => {
  const testDb = await createTestDb();
  dispose = testDb.dispose;
  // The listing names a store that is gone by the time it is probed (removed by an admin meanwhile).
  const db = new Proxy(testDb.db, {
    get(target, property, receiver) {
      if (property !== 'store') return Reflect.get(target, property, receiver);
      const stores = target.store;
      return new Proxy(stores, {
        get(inner, name, innerReceiver) {
          if (name === 'findMany') return async (args: Parameters<typeof stores.findMany>[0]) => [{ id: 'removed-meanwhile' }, ...(await stores.findMany(args))];
          return Reflect.get(inner, name, innerReceiver);
        },
      });
    },
  }) as Db;
  await expect(probeStaleStores({ db, secrets: createSecretBox(randomBytes(32)), actor: 'system:probe' }, { maxAgeMs: 0 })).resolves.toBe(1);
});
