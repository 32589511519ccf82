/*
 * Spawns worker-main.ts in a child process (node --import tsx: one process, so the PID killed is the
 * worker itself, not a tsx wrapper whose child would survive a SIGKILL). Never blocks the caller's event
 * loop: output is read asynchronously.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
/** tsx's loader, resolved from the engine package (the same tsx as node_modules/.bin/tsx). */
const TSX_LOADER = pathToFileURL(require.resolve('tsx')).href;
const WORKER_MAIN = path.join(import.meta.dirname, 'worker-main.ts');

export interface WorkerProcessOptions {
  dbUrl: string;
  secretKeyHex: string;
  workerId: string;
  leaseMs: number;
  concurrency?: number;
  pollMs?: number;
  reconcileIntervalMs?: number;
  downStoreProbeMs?: number;
  /** Start as a warm standby: modules loaded and database open, but no worker until go(). */
  standby?: boolean;
  /** Every output line of the child, prefixed with its id. */
  log?: (line: string) => void;
}

export interface WorkerProcess {
  readonly workerId: string;
  readonly pid: number;
  /** Resolves once the child printed "warm" (standby) or "ready" (started). */
  readonly warm: Promise<void>;
  /** Starts the worker loop of a standby; resolves when it runs. */
  go(): Promise<void>;
  /** kill -9, and wait until the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (graceful: running jobs go back to the queue), and wait. */
  stop(): Promise<void>;
  readonly exited: Promise<number | null>;
  isAlive(): boolean;
  /** The last lines it printed (for failure messages). */
  tail(): string;
}

export function spawnWorkerProcess(options: WorkerProcessOptions): WorkerProcess {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: options.dbUrl,
    STOWAGE_SECRET_KEY: options.secretKeyHex,
    STOWAGE_WORKER_ID: options.workerId,
    STOWAGE_JOB_LEASE_MS: String(options.leaseMs),
    STOWAGE_WORKER_CONCURRENCY: String(options.concurrency ?? 4),
    STOWAGE_POLL_MS: String(options.pollMs ?? 50),
    STOWAGE_RECONCILE_INTERVAL_MS: String(options.reconcileIntervalMs ?? 100),
    STOWAGE_DOWN_STORE_PROBE_MS: String(options.downStoreProbeMs ?? 500),
    STOWAGE_WAIT_FOR_GO: options.standby ? '1' : '',
  };
  const child: ChildProcess = spawn(process.execPath, ['--import', TSX_LOADER, WORKER_MAIN], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error('could not spawn the worker process');
  const pid = child.pid;

  const lines: string[] = [];
  let alive = true;
  const waiters: { match: (line: string) => boolean; resolve: () => void }[] = [];
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code, signal) => {
      alive = false;
      resolve(signal === 'SIGKILL' ? 137 : code);
    });
  });
  const onLine = (line: string) => {
    lines.push(line);
    if (lines.length > 40) lines.shift();
    options.log?.(`[${options.workerId}] ${line}`);
    for (const waiter of [...waiters]) {
      if (waiter.match(line)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  const split = (stream: NodeJS.ReadableStream | null) => {
    let buffered = '';
    stream?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let newline;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        onLine(buffered.slice(0, newline));
        buffered = buffered.slice(newline + 1);
      }
    });
  };
  split(child.stdout);
  split(child.stderr);
  // A dead child's stdin raises EPIPE on write: not an error worth crashing the test over.
  child.stdin?.on('error', () => undefined);

  const waitForLine = (match: (line: string) => boolean, what: string) =>
    Promise.race([
      new Promise<void>((resolve) => waiters.push({ match, resolve })),
      exited.then((code) => {
        throw new Error(`worker ${options.workerId} exited (${code}) before ${what}:\n${lines.join('\n')}`);
      }),
    ]);

  const warm = waitForLine((line) => line === 'warm' || line.startsWith('ready '), 'it was warm');
  warm.catch(() => undefined);

  const signal = async (name: NodeJS.Signals) => {
    if (alive) child.kill(name);
    await exited;
  };

  return {
    workerId: options.workerId,
    pid,
    warm,
    async go() {
      await warm;
      if (!options.standby) return;
      const ready = waitForLine((line) => line.startsWith('ready '), 'it started');
      child.stdin?.write('go\n');
      await ready;
    },
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
    exited,
    isAlive: () => alive,
    tail: () => lines.join('\n'),
  };
}
