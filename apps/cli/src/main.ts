/* The admin command line: `pnpm admin <command>` (see USAGE). On the product's data directory; actor "cli". */
import { createDb } from '@stowage/db';
import { createSecretBox, loadSecretKey, prepareDataDir } from '@stowage/services';
import { isCommand, runCommand, USAGE } from './commands';
import { readEnv } from './env';

const argv = process.argv.slice(2);
const output = {
  out: (line: string) => process.stdout.write(`${line}\n`),
  say: (line: string) => process.stderr.write(`${line}\n`),
};

if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
  output.say(USAGE);
  process.exit(argv.length === 0 ? 2 : 0);
}
if (!isCommand(argv[0])) {
  output.say(`Unknown command "${argv[0]}".\n\n${USAGE}`);
  process.exit(2);
}

const env = readEnv();
// Creates the data directory and applies pending migrations when needed, as the product does at start-up.
const { url } = await prepareDataDir({ dataDir: env.STOWAGE_DATA_DIR, databaseUrl: env.DATABASE_URL, keyFromEnv: env.STOWAGE_SECRET_KEY });
const db = createDb({ url });
const secrets = createSecretBox(loadSecretKey({ dataDir: env.STOWAGE_DATA_DIR, keyFromEnv: env.STOWAGE_SECRET_KEY }));
try {
  process.exitCode = await runCommand({ db, secrets, actor: 'cli', databaseUrl: url }, argv, output);
} finally {
  await db.$disconnect();
}
