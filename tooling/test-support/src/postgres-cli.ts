/*
 * Starts a throwaway PostgreSQL cluster for humans and benchmarks, prints
 *   STOWAGE_TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:<port>/postgres
 * on one line of stdout (everything else goes to stderr), and runs until SIGINT or SIGTERM, then stops it.
 *
 *   cd tooling/test-support && node --import tsx src/postgres-cli.ts [--label name] [--set key=value]...
 *   pnpm --filter @stowage/test-support postgres
 */
import { startPostgresCluster } from './postgres-cluster';

function parseArgs(argv: string[]): { label: string; settings: Record<string, string> } {
  let label = 'cli';
  const settings: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--label') label = value();
    else if (arg === '--set') {
      const pair = value();
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new Error(`--set takes key=value, not ${pair}`);
      settings[pair.slice(0, eq)] = pair.slice(eq + 1);
    } else if (arg === '--help' || arg === '-h') {
      process.stderr.write('usage: postgres-cli.ts [--label name] [--set key=value]...\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}`);
  }
  return { label, settings };
}

async function main(): Promise<void> {
  const { label, settings } = parseArgs(process.argv.slice(2));
  const cluster = await startPostgresCluster({ label, settings });
  process.stderr.write(
    `PostgreSQL test cluster up in ${cluster.startupMs} ms: port ${cluster.port}, data ${cluster.dataDir}, log ${cluster.logFile}. Ctrl-C stops it.\n`,
  );
  process.stdout.write(`STOWAGE_TEST_POSTGRES_URL=${cluster.superuserUrl('postgres')}\n`);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: stopping the cluster\n`);
    cluster.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // Keep the event loop alive until a signal arrives.
  setInterval(() => undefined, 1 << 30);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
