/* Prepares the data directory before the server starts: secret key, database, migrations, demo data. */
import { createDb } from '@stowage/db';
import { BOOTSTRAP_ADMIN, createSecretBox, ensureBootstrapAdmin, loadSecretKey, newPassword, prepareDataDir, seedDemo } from '@stowage/services';
import { readEnv } from '../src/env';

const env = readEnv();
const { url, migrations } = await prepareDataDir({
  dataDir: env.STOWAGE_DATA_DIR,
  databaseUrl: env.DATABASE_URL,
  keyFromEnv: env.STOWAGE_SECRET_KEY,
});
console.log(
  `stowage: database ready (${migrations.applied.length} migration(s) applied, ${migrations.alreadyApplied.length} already)`,
);

const db = createDb({ url });
const chosen = env.STOWAGE_ADMIN_PASSWORD === undefined ? undefined : newPassword.safeParse(env.STOWAGE_ADMIN_PASSWORD);
if (chosen && !chosen.success) {
  // The rule, never the value.
  console.error(`stowage: STOWAGE_ADMIN_PASSWORD is not acceptable: ${chosen.error.issues.map((issue) => issue.message).join('; ')}`);
  process.exit(1);
}
const bootstrap = await ensureBootstrapAdmin(db, { password: chosen?.data });
if (bootstrap.oneTimePassword) {
  console.log(
    [
      '',
      '  ┌──────────────────────────────────────────────────────────────┐',
      `  │ First run: sign in as "${BOOTSTRAP_ADMIN}" with this one-time password:`,
      `  │   ${bootstrap.oneTimePassword}`,
      '  │ It is shown only now and must be changed at first sign-in.',
      '  │ Lost it? pnpm admin reset-password admin',
      '  └──────────────────────────────────────────────────────────────┘',
      '',
    ].join('\n'),
  );
} else if (bootstrap.created) {
  console.log(`stowage: admin "${BOOTSTRAP_ADMIN}" created with the password from STOWAGE_ADMIN_PASSWORD`);
}

if (env.STOWAGE_DEMO) {
  const secrets = createSecretBox(loadSecretKey({ dataDir: env.STOWAGE_DATA_DIR, keyFromEnv: env.STOWAGE_SECRET_KEY }));
  const seeded = await seedDemo({ db, secrets, actor: 'system:demo' }, { dataDir: env.STOWAGE_DATA_DIR });
  console.log(seeded ? 'stowage: demo zones and stores created' : 'stowage: database not empty, demo skipped');
}
await db.$disconnect();
