/*
 * pnpm seed:scale [--objects N] [--zones N] [--seed N] [--force] — a large realistic dataset (default 100,000
 * objects × 10 zones) in the installation's database: the same STOWAGE_DATA_DIR / DATABASE_URL /
 * STOWAGE_SECRET_KEY as the web app and the worker (unset: SQLite in ./.data). Migrates first; refuses a database
 * that already has objects unless --force. Prints progress and the seconds of each phase.
 */
import fs from 'node:fs';
import { z } from 'zod';
import { isStowageError, parseEnvironment } from '@stowage/core';
import { createDb, redactDatabaseUrl } from '@stowage/db';
import { createSecretBox, dataDirVariables, databaseOptions, loadSecretKey, prepareDataDir, seedScale } from '../src/index';

const env = parseEnvironment(z.object({ ...dataDirVariables, STOWAGE_SECRET_KEY: z.string().optional() }), process.env);

function parseArgs(args: string[]) {
  const options: { objects?: number; zones?: number; seed?: number; force: boolean } = { force: false };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === '--force') options.force = true;
    else if (arg === '--objects' || arg === '--zones' || arg === '--seed') {
      const value = Number(args[++index]);
      if (!Number.isFinite(value)) fail(`${arg} needs a number`);
      options[arg.slice(2) as 'objects' | 'zones' | 'seed'] = value;
    } else if (arg !== '--') fail(`unknown option ${arg} (use --objects N, --zones N, --seed N, --force)`);
  }
  return options;
}

function fail(message: string): never {
  console.error(`seed:scale: ${message}`);
  process.exit(2);
}

const options = parseArgs(process.argv.slice(2));
const started = performance.now();
const { url, migrations } = await prepareDataDir({ dataDir: env.STOWAGE_DATA_DIR, databaseUrl: env.DATABASE_URL, keyFromEnv: env.STOWAGE_SECRET_KEY });
console.log(`seed:scale: ${redactDatabaseUrl(url)} (${migrations.applied.length} migration(s) applied)`);
const db = createDb(databaseOptions(env, 'seed-scale'));
const secrets = createSecretBox(loadSecretKey({ dataDir: env.STOWAGE_DATA_DIR, keyFromEnv: env.STOWAGE_SECRET_KEY }));
try {
  const report = await seedScale({ db, secrets, actor: 'system:seed' }, { ...options, dataDir: env.STOWAGE_DATA_DIR, log: (line) => console.log(`seed:scale: ${line}`) });
  console.log('\ntable            rows      seconds');
  for (const tally of report.tables) console.log(`${tally.table.padEnd(14)} ${String(tally.rows).padStart(9)}   ${tally.seconds.toFixed(1).padStart(7)}`);
  console.log(`${'CacheAccess'.padEnd(14)} ${String(report.accessHistoryRows).padStart(9)}`);
  const file = url.startsWith('file:') ? url.slice('file:'.length) : null;
  const size = file && fs.existsSync(file) ? ` — ${(fs.statSync(file).size / 1024 ** 2).toFixed(0)} MiB on disk` : '';
  console.log(`\nseed:scale: ${report.rows} rows in ${((performance.now() - started) / 1000).toFixed(1)} s${size}`);
} catch (error) {
  if (!isStowageError(error)) throw error;
  console.error(`seed:scale: ${error.message}`);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
