import { spawn, type ChildProcess } from 'node:child_process';
import { describeExit, formatUptime, restartDelayMs, type RestartPolicy } from './restart-policy';

/** One process the supervisor keeps running. */
export interface ChildSpec {
  name: string;
  /** How logs and events name it: "the web app", "the worker". */
  title: string;
  command: string;
  args: string[];
  cwd: string;
  /** Its whole environment; unset: the supervisor's own. */
  env?: NodeJS.ProcessEnv;
}

/** A death the supervisor answered with a restart. */
export interface Restart {
  name: string;
  title: string;
  pid: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  uptimeMs: number;
  delayMs: number;
  deathsInARow: number;
  /** "The worker stopped unexpectedly (killed by SIGKILL) after 2 min 5 s; restarting it in 1 s." */
  message: string;
}

export interface SupervisorOptions {
  children: ChildSpec[];
  policy: RestartPolicy;
  log: (line: string) => void;
  /** Called for every unexpected death, before the restart; its failure is logged, never fatal. */
  onRestart?: (restart: Restart) => Promise<void>;
  /** How long children get to stop after SIGTERM before they are killed. */
  stopTimeoutMs?: number;
}

export interface Supervisor {
  /** The current process id of each child (null while it waits to be restarted). */
  pids(): Record<string, number | null>;
  /** Stops and starts one child on purpose (changed code in development): not a death, no backoff. */
  restart(name: string, reason: string): void;
  /** SIGTERM to every child, SIGKILL to those still running after the timeout; resolves when all are gone. */
  stop(): Promise<void>;
}

interface Running {
  spec: ChildSpec;
  process: ChildProcess | null;
  startedAt: number;
  deathsInARow: number;
  restartTimer: NodeJS.Timeout | null;
  /** Set while it is stopped on purpose, so its exit is not taken for a death. */
  expectedExit: (() => void) | null;
}

/**
 * Keeps a set of processes running: a child that dies is restarted after an exponential backoff (reset once
 * it has run for `stableMs`), each death logged and reported to `onRestart`. Each child gets an IPC channel,
 * so it can end itself when the supervisor is gone (its `disconnect` event) instead of living on unsupervised.
 */
export function startSupervisor(options: SupervisorOptions): Supervisor {
  const { policy, log } = options;
  const stopTimeoutMs = options.stopTimeoutMs ?? 15_000;
  let stopping = false;
  const children = new Map<string, Running>(
    options.children.map((spec) => [spec.name, { spec, process: null, startedAt: 0, deathsInARow: 0, restartTimer: null, expectedExit: null }]),
  );

  const launch = (child: Running) => {
    child.restartTimer = null;
    if (stopping) return;
    const { spec } = child;
    const proc = spawn(spec.command, spec.args, { cwd: spec.cwd, env: spec.env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.process = proc;
    child.startedAt = Date.now();
    log(`${spec.title} started (pid ${proc.pid})`);
    proc.on('error', (error) => log(`could not start ${spec.title}: ${error.message}`));
    proc.on('exit', (code, signal) => {
      child.process = null;
      if (child.expectedExit) {
        const done = child.expectedExit;
        child.expectedExit = null;
        done();
        return;
      }
      if (stopping) return;
      const uptimeMs = Date.now() - child.startedAt;
      child.deathsInARow = uptimeMs >= policy.stableMs ? 1 : child.deathsInARow + 1;
      const delayMs = restartDelayMs(child.deathsInARow, policy);
      const restart: Restart = {
        name: spec.name,
        title: spec.title,
        pid: proc.pid ?? -1,
        code,
        signal,
        uptimeMs,
        delayMs,
        deathsInARow: child.deathsInARow,
        message:
          `${capitalized(spec.title)} stopped unexpectedly (${describeExit(code, signal)}) after ${formatUptime(uptimeMs)}; ` +
          `restarting it in ${formatUptime(delayMs)}${child.deathsInARow > 1 ? ` (${child.deathsInARow} deaths in a row)` : ''}.`,
      };
      log(restart.message);
      options.onRestart?.(restart).catch((error: unknown) => log(`could not record the restart: ${error instanceof Error ? error.message : String(error)}`));
      child.restartTimer = setTimeout(() => launch(child), delayMs);
    });
  };

  const stopChild = (child: Running, signal: NodeJS.Signals): Promise<void> =>
    new Promise((resolve) => {
      if (child.restartTimer) clearTimeout(child.restartTimer);
      child.restartTimer = null;
      const proc = child.process;
      if (!proc) {
        resolve();
        return;
      }
      child.expectedExit = resolve;
      proc.kill(signal);
      setTimeout(() => proc.kill('SIGKILL'), stopTimeoutMs).unref();
    });

  for (const child of children.values()) launch(child);

  return {
    pids() {
      return Object.fromEntries([...children].map(([name, child]) => [name, child.process?.pid ?? null]));
    },
    restart(name, reason) {
      const child = children.get(name);
      if (!child || stopping || child.expectedExit) return;
      log(`${reason}: restarting ${child.spec.title}`);
      void stopChild(child, 'SIGTERM').then(() => {
        child.deathsInARow = 0;
        launch(child);
      });
    },
    async stop() {
      stopping = true;
      await Promise.all([...children.values()].map((child) => stopChild(child, 'SIGTERM')));
    },
  };
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
