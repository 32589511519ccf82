/*
 * The product's processes, each a child of its own (spawnScript: `node --import tsx`, one PID, so kill -9
 * reaches the process itself): zone workers (packages/engine/test/support/worker-main.ts) and agent API
 * servers (apps/agent-api/src/main.ts), all on one PostgreSQL database. A child that exits without having
 * been killed by the test is recorded as a crash, with its last lines.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnScript, type ScriptProcess } from '@stowage/test-support/script-process';

const require = createRequire(import.meta.url);
const WORKER_MAIN = path.join(path.dirname(require.resolve('@stowage/engine')), '../test/support/worker-main.ts');
const AGENT_API_MAIN = fileURLToPath(new URL('../../../../apps/agent-api/src/main.ts', import.meta.url));

export interface Crash {
  name: string;
  at: number;
  exit: string;
  tail: string;
}

interface Child {
  name: string;
  script: ScriptProcess;
  lines: string[];
  /** Set when the test itself kills or stops it: an exit after that is not a crash. */
  intended: boolean;
}

function spawnChild(name: string, script: string, env: NodeJS.ProcessEnv, crashes: Crash[], onLine: (line: string) => void, verbose: boolean): Child {
  if (!existsSync(script)) throw new Error(`${script} does not exist: cannot start ${name}`);
  const lines: string[] = [];
  const child: Child = {
    name,
    lines,
    intended: false,
    script: spawnScript(script, {
      env,
      stdin: true,
      onLine: (line) => {
        lines.push(line);
        if (lines.length > 60) lines.shift();
        if (verbose) console.log(`[${name}] ${line}`);
        onLine(line);
      },
    }),
  };
  void child.script.exited.then(({ code, signal }) => {
    if (!child.intended) crashes.push({ name, at: Date.now(), exit: signal ?? String(code), tail: lines.join('\n') });
  });
  return child;
}

function waitForLine(child: Child, match: (line: string) => boolean, what: string, timeoutMs: number, onLine: { add(fn: (line: string) => void): void }): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const found = child.lines.find(match);
    if (found) {
      resolve(found);
      return;
    }
    const timer = setTimeout(() => reject(new Error(`${child.name} did not print ${what} within ${timeoutMs} ms:\n${child.lines.join('\n')}`)), timeoutMs);
    onLine.add((line) => {
      if (match(line)) {
        clearTimeout(timer);
        resolve(line);
      }
    });
    void child.script.exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${child.name} exited (${signal ?? code}) before ${what}:\n${child.lines.join('\n')}`));
    });
  });
}

function lineListeners() {
  const listeners: ((line: string) => void)[] = [];
  return { add: (fn: (line: string) => void) => listeners.push(fn), emit: (line: string) => listeners.forEach((fn) => fn(line)) };
}

export interface WorkerSettings {
  dbUrl: string;
  secretKeyHex: string;
  leaseMs: number;
  concurrency: number;
  verbose: boolean;
}

export interface WorkerKill {
  workerId: string;
  at: number;
  /** It owned a running job when it was killed. */
  busy: boolean;
}

/** A fleet of `size` workers; kill() sends SIGKILL to one and starts its replacement at once. */
export class WorkerFleet {
  readonly crashes: Crash[] = [];
  readonly kills: WorkerKill[] = [];
  /** Every worker id ever started, with the time its process was spawned. */
  readonly started = new Map<string, number>();
  /** Every line each worker printed, with when. */
  readonly logs = new Map<string, { at: number; line: string }[]>();
  private readonly live = new Map<string, Child>();
  private readonly ready = new Set<string>();
  private readonly pending = new Set<Promise<unknown>>();
  private spawned = 0;

  constructor(private readonly settings: WorkerSettings) {}

  /** Workers that exited before "ready" (worker-main opens the database first: one started while it restarts). */
  readonly startFailures: Crash[] = [];

  /**
   * Starts one worker; resolves once it prints "ready <id>". One that dies before it is ready is started again,
   * as the supervisor would, up to 5 times; only a death after "ready" counts as a crash.
   */
  async start(): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.startOnce();
      } catch (error) {
        if (attempt >= 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  private async startOnce(): Promise<string> {
    this.spawned += 1;
    const workerId = `chaos-w${this.spawned}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: this.settings.dbUrl,
      STOWAGE_SECRET_KEY: this.settings.secretKeyHex,
      STOWAGE_WORKER_ID: workerId,
      STOWAGE_JOB_LEASE_MS: String(this.settings.leaseMs),
      STOWAGE_WORKER_CONCURRENCY: String(this.settings.concurrency),
      STOWAGE_POLL_MS: '100',
      STOWAGE_RECONCILE_INTERVAL_MS: '200',
      STOWAGE_DOWN_STORE_PROBE_MS: '1000',
      STOWAGE_WAIT_FOR_GO: '',
    };
    const listeners = lineListeners();
    const log: { at: number; line: string }[] = [];
    this.logs.set(workerId, log);
    const onLine = (line: string) => {
      log.push({ at: Date.now(), line });
      listeners.emit(line);
    };
    const child = spawnChild(workerId, WORKER_MAIN, env, this.crashes, onLine, this.settings.verbose);
    this.started.set(workerId, Date.now());
    this.live.set(workerId, child);
    void child.script.exited.then(() => this.live.delete(workerId));
    try {
      await waitForLine(child, (line) => line === `ready ${workerId}`, '"ready"', 60_000, listeners);
    } catch (error) {
      const crash = this.crashes.findIndex((entry) => entry.name === workerId);
      if (crash >= 0) this.startFailures.push(...this.crashes.splice(crash, 1));
      throw error;
    }
    this.ready.add(workerId);
    void child.script.exited.then(() => this.ready.delete(workerId));
    return workerId;
  }

  /** Workers running their loop (a replacement still starting is not among them). */
  ids(): string[] {
    return [...this.ready];
  }

  /** kill -9 of `workerId`, then a replacement (started in the background; settle() awaits it). */
  async kill(workerId: string, busy: boolean): Promise<void> {
    const child = this.live.get(workerId);
    if (!child) return;
    child.intended = true;
    const at = Date.now();
    child.script.child.kill('SIGKILL');
    await child.script.exited;
    this.kills.push({ workerId, at, busy });
    const replacement = this.start();
    this.pending.add(replacement);
    void replacement.finally(() => this.pending.delete(replacement)).catch(() => undefined);
  }

  /** Waits for replacements still starting (rejects if one could not start). */
  async settle(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  /** When a worker stopped running: killed by the test, or crashed (undefined: still alive). */
  diedAt(workerId: string): number | undefined {
    return this.kills.find((kill) => kill.workerId === workerId)?.at ?? this.crashes.find((crash) => crash.name === workerId)?.at;
  }

  async stopAll(): Promise<void> {
    await Promise.allSettled([...this.pending]);
    await Promise.all(
      [...this.live.values()].map(async (child) => {
        child.intended = true;
        child.script.child.kill('SIGKILL');
        await child.script.exited;
      }),
    );
  }
}

export interface AgentApi {
  name: string;
  origin: string;
  stop(): Promise<void>;
}

/** One agent API process on a free port of 127.0.0.1; resolves with its origin once it serves. */
export async function startAgentApi(name: string, options: { dbUrl: string; secretKeyHex: string; verbose: boolean }, crashes: Crash[]): Promise<AgentApi> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: options.dbUrl,
    STOWAGE_SECRET_KEY: options.secretKeyHex,
    STOWAGE_AGENT_HOST: '127.0.0.1',
    STOWAGE_AGENT_PORT: '0',
  };
  delete env.STOWAGE_DATA_DIR;
  delete env.STOWAGE_TRUSTED_PROXY_HEADER;
  const listeners = lineListeners();
  const child = spawnChild(name, AGENT_API_MAIN, env, crashes, (line) => listeners.emit(line), options.verbose);
  const line = await waitForLine(child, (text) => /^\[agent-api\] serving http:\/\//.test(text), 'its origin', 60_000, listeners);
  const origin = /serving (http:\/\/\S+?)\/api\/agent\/v1\/$/.exec(line)?.[1];
  if (!origin) throw new Error(`${name}: could not read the origin from "${line}"`);
  return {
    name,
    origin,
    async stop() {
      child.intended = true;
      if (child.script.isAlive()) child.script.child.kill('SIGKILL');
      await child.script.exited;
    },
  };
}
