/*
 * Runs a TypeScript script in a child process as `node --import <tsx loader> script.ts`: one process (not the
 * .bin/tsx wrapper, which forks), so the PID is the script's own and a SIGKILL reaches it rather than a wrapper
 * whose child would survive. Its output is read line by line asynchronously: the caller's event loop is never
 * blocked.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
/** tsx's loader, resolved from this package (the workspace's one tsx). */
export const TSX_LOADER = pathToFileURL(require.resolve('tsx')).href;

export interface ScriptProcessOptions {
  /** The child's whole environment (spread `process.env` into it to inherit). */
  env: NodeJS.ProcessEnv;
  /** Arguments after the script's path (its `process.argv.slice(2)`). */
  args?: string[];
  /** Give the child a stdin pipe (`child.stdin`; writing after it died is not an error). Otherwise stdin is closed. */
  stdin?: boolean;
  /** Every complete line the child prints, stdout and stderr alike. */
  onLine?: (line: string) => void;
}

export interface ScriptExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ScriptProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Resolves when the child has exited. */
  readonly exited: Promise<ScriptExit>;
  /** False from the moment the child exited. */
  isAlive(): boolean;
}

export function spawnScript(script: string, options: ScriptProcessOptions): ScriptProcess {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, script, ...(options.args ?? [])], {
    env: options.env,
    stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`could not spawn ${script}`);

  let alive = true;
  const exited = new Promise<ScriptExit>((resolve) => {
    child.on('exit', (code, signal) => {
      alive = false;
      resolve({ code, signal });
    });
  });
  const split = (stream: NodeJS.ReadableStream | null) => {
    let buffered = '';
    stream?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let newline;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        options.onLine?.(line);
      }
    });
  };
  split(child.stdout);
  split(child.stderr);
  // A dead child's stdin raises EPIPE on write: not an error worth crashing the caller over.
  child.stdin?.on('error', () => undefined);

  return { child, pid: child.pid, exited, isAlive: () => alive };
}
