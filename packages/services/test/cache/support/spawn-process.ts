/*
 * Spawns a TypeScript script as `node --import <tsx loader> script.ts` — one process (not the .bin/tsx
 * wrapper, which forks), its output collected line by line without blocking the caller's event loop.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** tsx's loader: @stowage/services has no tsx of its own, so it is resolved where the workspace declares it. */
export function tsxLoader(): string {
  const here = import.meta.dirname;
  const candidates = [
    path.join(here, 'spawn-process.ts'),
    path.resolve(here, '../../../../engine/package.json'),
    path.resolve(here, '../../../node_modules/vitest/package.json'),
  ];
  for (const from of candidates) {
    try {
      return pathToFileURL(createRequire(from).resolve('tsx')).href;
    } catch {
      // next candidate
    }
  }
  throw new Error('tsx is not installed in the workspace (pnpm install)');
}

export interface ScriptRun {
  pid: number;
  lines: string[];
  exited: Promise<number | null>;
}

export function runScript(script: string, env: Record<string, string>, log?: (line: string) => void): ScriptRun {
  const child = spawn(process.execPath, ['--import', tsxLoader(), script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`could not spawn ${script}`);
  const lines: string[] = [];
  const split = (stream: NodeJS.ReadableStream | null) => {
    let buffered = '';
    stream?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let newline;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        lines.push(line);
        log?.(line);
      }
    });
  };
  split(child.stdout);
  split(child.stderr);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { pid: child.pid, lines, exited };
}
