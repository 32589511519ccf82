import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { SYSTEM_PYTHON } from './constants';
import { trackPid, untrackPid } from './exit-cleanup';
import { LineBuffer } from './line-buffer';

// Runs argv[2:] via execv after asking the kernel to send SIGTERM to it when its parent (this Node
// process) dies, even by SIGKILL. The setting survives execv and Swift's setsid()/same-user setuid().
const PDEATHSIG_WRAPPER_PY = `
import ctypes, os, signal, sys
ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGTERM))  # PR_SET_PDEATHSIG
if os.getppid() != int(sys.argv[1]):
    sys.exit('parent exited before start')
os.execv(sys.argv[2], sys.argv[2:])
`;

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: Error;
}

/** One long-running child (a Swift server or memcached) with its output kept in a ring buffer. */
export class ManagedProcess {
  readonly output = new LineBuffer(200);
  private child: ChildProcess | undefined;
  private exited: Promise<ExitInfo> | undefined;
  private lastExit: ExitInfo | undefined;

  constructor(
    readonly name: string,
    private readonly command: string,
    private readonly args: readonly string[],
    private readonly log?: (line: string) => void,
  ) {}

  get pid(): number | undefined {
    return this.child && !this.lastExit ? this.child.pid : undefined;
  }

  get running(): boolean {
    return this.child !== undefined && this.lastExit === undefined;
  }

  /** How the last run ended (undefined while running or never started). */
  get exitInfo(): ExitInfo | undefined {
    return this.lastExit;
  }

  start(): void {
    if (this.running) return;
    this.lastExit = undefined;
    const child = spawn(
      SYSTEM_PYTHON,
      ['-c', PDEATHSIG_WRAPPER_PY, String(process.pid), this.command, ...this.args],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: false,
      },
    );
    this.child = child;
    const pid = child.pid;
    if (pid !== undefined) trackPid(pid);
    this.record(`$ ${this.command} ${this.args.join(' ')} (pid ${String(pid)})`);
    for (const stream of [child.stdout, child.stderr]) {
      if (stream)
        createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => this.record(line));
    }
    this.exited = new Promise<ExitInfo>((resolve) => {
      const finish = (info: ExitInfo) => {
        if (pid !== undefined) untrackPid(pid);
        if (this.child === child && !this.lastExit) {
          this.lastExit = info;
          const how = info.error
            ? info.error.message
            : info.signal
              ? `signal ${info.signal}`
              : `code ${String(info.code)}`;
          this.record(`(exited: ${how})`);
        }
        resolve(info);
      };
      child.once('error', (error) => finish({ code: null, signal: null, error }));
      child.once('exit', (code, signal) => finish({ code, signal }));
    });
  }

  /** SIGTERM by PID, wait for the exit; SIGKILL after `timeoutMs`. Idempotent. */
  async stop(timeoutMs = 10_000): Promise<void> {
    const child = this.child;
    const exited = this.exited;
    if (!child || !exited || this.lastExit) return;
    const pid = child.pid;
    if (pid === undefined) {
      await exited;
      return;
    }
    signal(pid, 'SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      exited.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      this.record(`(no exit ${timeoutMs} ms after SIGTERM; sending SIGKILL)`);
      signal(pid, 'SIGKILL');
      await exited;
    }
  }

  private record(line: string): void {
    this.output.push(line);
    this.log?.(`[${this.name}] ${line}`);
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
