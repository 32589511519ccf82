/*
 * Spawns worker-main.ts in a child process (spawnScript of @stowage/test-support: node --import tsx, one
 * process, so the PID killed is the worker itself, not a tsx wrapper whose child would survive a SIGKILL).
 * Never blocks the caller's event loop: output is read asynchronously.
 */
import path from 'node:path';
import { spawnScript } from '@stowage/test-support/script-process';

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
  const lines: string[] = [];
  const waiters: { match: (line: string) => boolean; resolve: () => void }[] = [];
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
  const script = spawnScript(WORKER_MAIN, { env, stdin: true, onLine });
  const { child, pid } = script;
  const exited = script.exited.then(({ code, signal }) => (signal === 'SIGKILL' ? 137 : code));

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
    if (script.isAlive()) child.kill(name);
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
    isAlive: script.isAlive,
    tail: () => lines.join('\n'),
  };
}
