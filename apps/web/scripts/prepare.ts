/* Prepares the data directory before the server starts: secret key, database, migrations, demo data. */
import { createDb } from '@stowage/db';
import { createSecretBox, loadSecretKey, prepareDataDir, seedDemo } from '@stowage/services';
import { readEnv } from '../src/env';

const env = readEnv();
const { url, migrations } = prepareDataDir({
  dataDir: env.STOWAGE_DATA_DIR,
  databaseUrl: env.DATABASE_URL,
  keyFromEnv: env.STOWAGE_SECRET_KEY,
});
console.log(
  `stowage: database ready (${migrations.applied.length} migration(s) applied, ${migrations.alreadyApplied.length} already)`,
);

if (env.STOWAGE_DEMO) {
  const db = createDb({ url });
  const secrets = createSecretBox(loadSecretKey({ dataDir: env.STOWAGE_DATA_DIR, keyFromEnv: env.STOWAGE_SECRET_KEY }));
  const seeded = await seedDemo({ db, secrets, actor: 'system:demo' }, { dataDir: env.STOWAGE_DATA_DIR });
  console.log(seeded ? 'stowage: demo zones and stores created' : 'stowage: database not empty, demo skipped');
  await db.$disconnect();
}
