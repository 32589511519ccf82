import { rmSync } from 'node:fs';

/**
 * Last-resort cleanup when the Node process exits without stop() having run:
 * SIGKILL every still-running child by PID, then remove the temp dirs. (Children also get
 * SIGTERM from the kernel via PR_SET_PDEATHSIG when this process dies by a signal; see child-process.ts.)
 */
const livePids = new Set<number>();
const liveDirs = new Set<string>();
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', () => {
    for (const pid of livePids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    for (const dir of liveDirs) {
      try {
        rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
      } catch {
        // best effort
      }
    }
  });
}

export function trackPid(pid: number): void {
  install();
  livePids.add(pid);
}

export function untrackPid(pid: number): void {
  livePids.delete(pid);
}

export function trackDir(dir: string): void {
  install();
  liveDirs.add(dir);
}

export function untrackDir(dir: string): void {
  liveDirs.delete(dir);
}
