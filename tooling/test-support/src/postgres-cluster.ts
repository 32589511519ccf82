/*
 * A throwaway PostgreSQL cluster for tests and benchmarks: Debian's PostgreSQL (installed with apt-get when
 * initdb is missing), initdb in a fresh temp dir, run as the `postgres` OS user when this process is root (the
 * server refuses to run as root), listening on 127.0.0.1 only on a free port, trust auth, fsync on. It fails
 * loudly (with the server log's tail) rather than ever letting a tier pass without a database.
 *
 * The server is a daemon (pg_ctl start), not a child of this process, so three things make sure it does not
 * outlive its owner: stop(); a process.on('exit') callback (immediate shutdown + rm of the temp dir); and a
 * small detached watchdog shell that does the same once this process is gone, even by SIGKILL. Dirs left by
 * a run killed before its watchdog existed are swept by the next start.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { chmod, chown, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { aptInstall, isExecutable } from './apt';
import { environmentWithoutPgVariables, postgresBinDirOverride, postgresTempParentOverride } from './env';
import { onExitCleanup } from './exit-cleanup';
import { describeFailure, runCommand, type CommandResult } from './run-command';
import { isAlive, markOwner, sweepStaleDirs } from './stale-dirs';

export const POSTGRES_DIR_PREFIX = 'stowage-pg-';
/** The cluster's superuser (initdb -U), whatever OS user runs it. */
export const POSTGRES_SUPERUSER = 'postgres';
const DEBIAN_PACKAGES = ['postgresql'];
const SERVER_BINARIES = ['initdb', 'pg_ctl', 'postgres'] as const;
/** Settings the harness owns: they are what makes the cluster local and findable. */
const RESERVED_SETTINGS = new Set(['listen_addresses', 'port', 'unix_socket_directories']);

export interface PostgresClusterOptions {
  /** Part of the temp dir's name (letters, digits, dashes), to tell clusters apart in `ls /tmp`. */
  label?: string;
  /** postgresql.conf settings, applied after the harness's own (e.g. `{ max_connections: '300' }`). */
  settings?: Record<string, string>;
  /** A fixed port instead of a free one (mostly for tests of the failure path). */
  port?: number;
  /** Give up installing nothing, init + start after this long (default 60 s). */
  startTimeoutMs?: number;
}

export interface PostgresCluster {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** PGDATA. */
  readonly dataDir: string;
  /** The temp dir holding dataDir, the log and the unix socket; removed by stop(). */
  readonly baseDir: string;
  readonly logFile: string;
  /** PID of the postmaster (changes on restart). */
  readonly pid: number;
  /** How long init + start took, ms (installation not included). */
  readonly startupMs: number;
  /** `postgresql://postgres@127.0.0.1:<port>/<database>` (trust auth: no password). */
  superuserUrl(database?: string): string;
  /** CREATE DATABASE (optionally from a template, which must have no other connections); returns its URL. */
  createDatabase(name: string, options?: { template?: string }): Promise<string>;
  /** DROP DATABASE IF EXISTS … WITH (FORCE): ends the connections it has. */
  dropDatabase(name: string): Promise<void>;
  /** `pg_ctl restart -m <mode>`; resolves once the server accepts connections again. */
  restart(options: { mode: 'fast' | 'immediate' }): Promise<void>;
  /** Stops the server (pg_ctl stop -m fast, then signals by PID) and removes baseDir. Idempotent. */
  stop(): Promise<void>;
  /** The last `lines` lines of the server log. */
  logTail(lines?: number): Promise<string>;
}

// ---------------------------------------------------------------------------------------------------------
// Binaries and installation

function versionOf(dir: string): number {
  return Number.parseFloat(dir) || 0;
}

async function hasServerBinaries(binDir: string): Promise<boolean> {
  for (const name of SERVER_BINARIES) if (!(await isExecutable(join(binDir, name)))) return false;
  return true;
}

/** The bin dir holding initdb, pg_ctl and postgres: $STOWAGE_PG_BINDIR, `pg_config --bindir`, /usr/lib/postgresql/<highest>/bin. */
export async function findPostgresBinDir(): Promise<string | undefined> {
  const candidates: string[] = [];
  const override = postgresBinDirOverride();
  if (override) candidates.push(override);
  try {
    const result = await runCommand('pg_config', ['--bindir'], { timeoutMs: 10_000 });
    if (result.code === 0 && result.stdout.trim()) candidates.push(result.stdout.trim());
  } catch {
    // no pg_config (libpq-dev / postgresql-server-dev): fine
  }
  try {
    const versions = (await readdir('/usr/lib/postgresql')).sort((a, b) => versionOf(b) - versionOf(a));
    for (const version of versions) candidates.push(join('/usr/lib/postgresql', version, 'bin'));
  } catch {
    // not installed
  }
  for (const dir of candidates) if (await hasServerBinaries(dir)) return dir;
  return undefined;
}

let binDirPromise: Promise<string> | undefined;

/** Finds PostgreSQL's server binaries, installing Debian's `postgresql` (flock'd apt-get) when there are none. */
export function ensurePostgresInstalled(): Promise<string> {
  binDirPromise ??= (async () => {
    const found = await findPostgresBinDir();
    if (found) return found;
    await aptInstall('PostgreSQL (initdb, pg_ctl, postgres)', DEBIAN_PACKAGES);
    const installed = await findPostgresBinDir();
    if (!installed) {
      throw new Error(
        `apt-get install ${DEBIAN_PACKAGES.join(' ')} succeeded but no initdb/pg_ctl/postgres was found via pg_config --bindir or /usr/lib/postgresql/*/bin`,
      );
    }
    return installed;
  })();
  binDirPromise.catch(() => (binDirPromise = undefined));
  return binDirPromise;
}

// ---------------------------------------------------------------------------------------------------------
// Which OS user runs the server

interface ServerUser {
  name: string;
  uid: number;
  gid: number;
  /** Path of runuser, or undefined to use su. */
  runuser: string | undefined;
  su: string | undefined;
}

async function firstExecutable(paths: string[]): Promise<string | undefined> {
  for (const path of paths) if (await isExecutable(path)) return path;
  return undefined;
}

/** undefined: run as this process's user (not root). */
async function findServerUser(): Promise<ServerUser | undefined> {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const name = 'postgres';
  const uid = await runCommand('id', ['-u', name]);
  const gid = await runCommand('id', ['-g', name]);
  if (uid.code !== 0 || gid.code !== 0) {
    throw new Error(
      `Running as root, and there is no '${name}' OS user to run PostgreSQL as (the server refuses root). Debian's postgresql package creates it: apt-get install -y postgresql`,
    );
  }
  const runuser = await firstExecutable(['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser']);
  const su = await firstExecutable(['/usr/bin/su', '/bin/su']);
  if (!runuser && !su)
    throw new Error(`Running as root with neither runuser nor su to run PostgreSQL as '${name}'`);
  return { name, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()), runuser, su };
}

function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** argv that runs `bin args…` as the server user. */
function asServerUser(
  user: ServerUser | undefined,
  bin: string,
  args: readonly string[],
): [string, string[]] {
  if (!user) return [bin, [...args]];
  if (user.runuser) return [user.runuser, ['-u', user.name, '--', bin, ...args]];
  return [
    user.su as string,
    ['-s', '/bin/sh', user.name, '-c', ['exec', bin, ...args].map(shellQuote).join(' ')],
  ];
}

/** os.tmpdir(), unless the server user cannot reach it (every ancestor needs o+x): then /tmp. */
async function chooseParentDir(user: ServerUser | undefined): Promise<string> {
  const preferred = postgresTempParentOverride() ?? tmpdir();
  if (!user) return preferred;
  let dir = preferred;
  for (;;) {
    try {
      if (((await stat(dir)).mode & 0o001) === 0) return '/tmp';
    } catch {
      return '/tmp';
    }
    const parent = dirname(dir);
    if (parent === dir) return preferred;
    dir = parent;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Helpers

function getFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('could not determine a free port'));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}

async function tailOf(file: string, lines = 40): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trimEnd().split('\n').slice(-lines).join('\n');
  } catch (error) {
    return `(no log: ${(error as Error).message})`;
  }
}

function confValue(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}

function confBlock(settings: Record<string, string>): string {
  const lines = ['', '# --- @stowage/test-support postgres-cluster ---'];
  for (const [key, value] of Object.entries(settings)) lines.push(`${key} = ${confValue(value)}`);
  return `${lines.join('\n')}\n`;
}

function readPidSync(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Alive and not a zombie (an init that reaps orphans slowly leaves a stopped postmaster as one for a while). */
function isRunning(pid: number): boolean {
  if (!isAlive(pid)) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return existsSync('/proc/self/stat') ? false : true;
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // gone
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isRunning(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/** Connects and runs SELECT 1 until it works or the deadline passes; throws the last error. */
async function waitForConnections(url: string, deadline: number): Promise<void> {
  let lastError: unknown;
  while (Date.now() < deadline) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  throw new Error(`no connection to ${url}: ${(lastError as Error | undefined)?.message ?? 'timed out'}`);
}

// Stops a server whose owner is gone: polls once a second for the owner PID (and the dir); then SIGQUIT
// (immediate shutdown) to the postmaster named in postmaster.pid, SIGKILL after 10 s, and rm -rf.
const WATCHDOG_SH = `
running() { kill -0 "$1" 2>/dev/null && ! grep -qs '^State:[[:space:]]*Z' "/proc/$1/status"; }
while running "$1" && [ -d "$2" ]; do sleep 1; done
pid=$(head -n 1 "$2/data/postmaster.pid" 2>/dev/null)
if [ -n "$pid" ] && kill -QUIT "$pid" 2>/dev/null; then
  i=0; while running "$pid" && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
  kill -KILL "$pid" 2>/dev/null
fi
rm -rf "$2"
`;

async function stopLeftover(dir: string): Promise<void> {
  const dataDir = join(dir, 'data');
  const pid = readPidSync(dataDir);
  if (pid === undefined || !isRunning(pid)) return;
  let cmdline = '';
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return;
  }
  if (!cmdline.includes(dataDir)) return; // the PID was reused by something else
  signal(pid, 'SIGQUIT');
  if (!(await waitForExit(pid, 10_000))) signal(pid, 'SIGKILL');
}

// ---------------------------------------------------------------------------------------------------------
// The cluster

/**
 * Starts a throwaway cluster (see the file's comment). Rejects with a clear message, including the log's
 * tail, when PostgreSQL cannot be installed, initialised or started within `startTimeoutMs`.
 */
export async function startPostgresCluster(options: PostgresClusterOptions = {}): Promise<PostgresCluster> {
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  const label = (options.label ?? 'cluster').replace(/[^A-Za-z0-9-]/g, '-').slice(0, 24) || 'cluster';
  for (const key of Object.keys(options.settings ?? {})) {
    if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(key))
      throw new Error(`invalid PostgreSQL setting name: ${JSON.stringify(key)}`);
    if (RESERVED_SETTINGS.has(key.toLowerCase()))
      throw new Error(`the setting ${key} is the harness's own (use the port option for a fixed port)`);
  }

  const binDir = await ensurePostgresInstalled();
  const user = await findServerUser();
  const parentDir = await chooseParentDir(user);
  await sweepStaleDirs(parentDir, POSTGRES_DIR_PREFIX, stopLeftover);

  const began = Date.now();
  const deadline = began + timeoutMs;
  const baseDir = await mkdtemp(join(parentDir, `${POSTGRES_DIR_PREFIX}${label}-`));
  const dataDir = join(baseDir, 'data');
  const logFile = join(baseDir, 'postgres.log');
  const env = environmentWithoutPgVariables();
  const pgCtl = join(binDir, 'pg_ctl');
  const run = (bin: string, args: readonly string[], ms: number): Promise<CommandResult> => {
    const [command, argv] = asServerUser(user, bin, args);
    return runCommand(command, argv, { timeoutMs: ms, cwd: baseDir, env });
  };
  const remaining = () => Math.max(1_000, deadline - Date.now());

  let stopped = false;
  let currentPid: number | undefined;
  /** The watchdog shell's PID, once it runs (a holder: the exit callback reads it before it exists). */
  const watchdogHolder: { pid?: number } = {};
  const unregisterExit = onExitCleanup(() => {
    // Synchronous: immediate shutdown, then make sure, then remove the dir.
    const [command, argv] = asServerUser(user, pgCtl, [
      'stop',
      '-D',
      dataDir,
      '-m',
      'immediate',
      '-w',
      '-t',
      '10',
      '-s',
    ]);
    const pid = readPidSync(dataDir) ?? currentPid;
    if (pid !== undefined && isRunning(pid)) {
      spawnSync(command, argv, { stdio: 'ignore', timeout: 15_000, cwd: baseDir, env });
      if (isRunning(pid)) signal(pid, 'SIGKILL');
    }
    if (watchdogHolder.pid !== undefined) signal(watchdogHolder.pid, 'SIGKILL');
    rmSync(baseDir, { recursive: true, force: true, maxRetries: 2 });
  });

  const fail = async (what: string, detail?: string): Promise<never> => {
    const tail = await tailOf(logFile);
    const pid = readPidSync(dataDir);
    if (pid !== undefined && isRunning(pid)) {
      signal(pid, 'SIGQUIT');
      if (!(await waitForExit(pid, 10_000))) signal(pid, 'SIGKILL');
    }
    unregisterExit();
    await rm(baseDir, { recursive: true, force: true });
    throw new Error(
      `PostgreSQL test cluster '${label}' (${binDir}): ${what}${detail ? `\n${detail}` : ''}\n--- last lines of ${logFile} ---\n${tail}`,
    );
  };

  await markOwner(baseDir);
  await chmod(baseDir, 0o700);
  if (user) await chown(baseDir, user.uid, user.gid);

  // initdb --no-sync skips only initdb's own final flush of this brand-new throwaway cluster; the running
  // server keeps fsync on, so the figures measured against it are honest.
  const init = await run(
    join(binDir, 'initdb'),
    [
      '-D',
      dataDir,
      '-U',
      POSTGRES_SUPERUSER,
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
      '--no-sync',
      '--no-instructions',
    ],
    remaining(),
  );
  if (init.code !== 0) await fail('initdb', describeFailure('initdb', init));

  const hba = join(dataDir, 'pg_hba.conf');
  await writeFile(hba, 'local all all trust\nhost all all 127.0.0.1/32 trust\n');
  const conf = join(dataDir, 'postgresql.conf');
  const originalConf = await readFile(conf, 'utf8');
  if (user) await chown(hba, user.uid, user.gid);

  let port = 0;
  for (let attempt = 1; ; attempt++) {
    port = options.port ?? (await getFreePort());
    await writeFile(
      conf,
      originalConf +
        confBlock({
          listen_addresses: '127.0.0.1',
          port: String(port),
          unix_socket_directories: baseDir,
          max_connections: '200',
          fsync: 'on',
          logging_collector: 'off',
          log_line_prefix: '%m [%p] ',
          ...options.settings,
        }),
    );
    if (user) await chown(conf, user.uid, user.gid);
    const seconds = String(Math.ceil(remaining() / 1000));
    const start = await run(
      pgCtl,
      ['start', '-D', dataDir, '-l', logFile, '-w', '-t', seconds, '-s'],
      remaining() + 5_000,
    );
    if (start.code === 0) break;
    // A free port can be taken between our probe and the server's bind: try another one.
    const raced =
      options.port === undefined && attempt < 3 && (await tailOf(logFile)).includes('Address already in use');
    if (!raced)
      await fail(`pg_ctl start on port ${port} failed or timed out`, describeFailure('pg_ctl start', start));
  }
  currentPid = readPidSync(dataDir);
  const superuserUrl = (database = 'postgres') =>
    `postgresql://${POSTGRES_SUPERUSER}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  try {
    await waitForConnections(superuserUrl(), deadline);
  } catch (error) {
    await fail('started but accepts no connections', (error as Error).message);
  }
  const startupMs = Date.now() - began;

  const watchdog = spawn('/bin/sh', ['-c', WATCHDOG_SH, 'watchdog', String(process.pid), baseDir], {
    detached: true,
    stdio: 'ignore',
  });
  watchdogHolder.pid = watchdog.pid;
  watchdog.unref();

  const withClient = async <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: superuserUrl(), connectionTimeoutMillis: 10_000 });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end().catch(() => undefined);
    }
  };

  let stopping: Promise<void> | undefined;

  const cluster: PostgresCluster = {
    host: '127.0.0.1',
    port,
    dataDir,
    baseDir,
    logFile,
    get pid() {
      return currentPid ?? 0;
    },
    startupMs,
    superuserUrl,
    logTail: (lines) => tailOf(logFile, lines),

    async createDatabase(name, createOptions = {}) {
      await withClient(async (client) => {
        const template = createOptions.template
          ? ` TEMPLATE ${client.escapeIdentifier(createOptions.template)}`
          : '';
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}${template}`);
      });
      return superuserUrl(name);
    },

    async dropDatabase(name) {
      await withClient((client) =>
        client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`),
      );
    },

    async restart({ mode }) {
      if (stopped) throw new Error(`PostgreSQL test cluster '${label}' is stopped`);
      const restartDeadline = Date.now() + timeoutMs;
      const result = await run(
        pgCtl,
        [
          'restart',
          '-D',
          dataDir,
          '-m',
          mode,
          '-l',
          logFile,
          '-w',
          '-t',
          String(Math.ceil(timeoutMs / 1000)),
          '-s',
        ],
        timeoutMs + 5_000,
      );
      currentPid = readPidSync(dataDir) ?? currentPid;
      if (result.code !== 0) {
        throw new Error(
          `${describeFailure(`pg_ctl restart -m ${mode} of '${label}'`, result)}\n--- last lines of ${logFile} ---\n${await tailOf(logFile)}`,
        );
      }
      try {
        await waitForConnections(superuserUrl(), restartDeadline);
      } catch (error) {
        throw new Error(
          `PostgreSQL test cluster '${label}' restarted but accepts no connections: ${(error as Error).message}\n--- last lines of ${logFile} ---\n${await tailOf(logFile)}`,
        );
      }
    },

    stop() {
      stopping ??= (async () => {
        stopped = true;
        const pid = readPidSync(dataDir) ?? currentPid;
        if (pid !== undefined && isRunning(pid)) {
          await run(pgCtl, ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '30', '-s'], 35_000).catch(
            () => undefined,
          );
          if (isRunning(pid)) {
            signal(pid, 'SIGQUIT');
            if (!(await waitForExit(pid, 10_000))) {
              signal(pid, 'SIGKILL');
              await waitForExit(pid, 5_000);
            }
          }
        }
        if (watchdogHolder.pid !== undefined) signal(watchdogHolder.pid, 'SIGKILL');
        await rm(baseDir, { recursive: true, force: true, maxRetries: 2 });
        unregisterExit();
      })();
      return stopping;
    },
  };
  return cluster;
}
