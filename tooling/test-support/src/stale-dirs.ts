/*
 * Temp dirs that record the PID of the process owning them, so that a later run can sweep the ones whose
 * owner died without cleaning up (SIGKILL, a crash: no JavaScript ran). Imitates
 * @stowage/object-store-server's stale-dirs, with a hook to stop what still runs in a dir before removing it.
 */
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const OWNER_FILE = 'owner.pid';

/** Records that this process owns `dir`. */
export async function markOwner(dir: string): Promise<void> {
  await writeFile(join(dir, OWNER_FILE), `${process.pid}\n`);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the dirs in `baseDir` named `prefix…` whose owner process is dead, after `beforeRemove(dir)` (e.g.
 * stop a server still running from it). Best effort; never throws.
 */
export async function sweepStaleDirs(
  baseDir: string,
  prefix: string,
  beforeRemove?: (dir: string) => Promise<void>,
): Promise<void> {
  let names: string[];
  try {
    names = (await readdir(baseDir)).filter((name) => name.startsWith(prefix));
  } catch {
    return;
  }
  await Promise.all(
    names.map(async (name) => {
      const dir = join(baseDir, name);
      try {
        const pid = Number((await readFile(join(dir, OWNER_FILE), 'utf8')).trim());
        if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !isAlive(pid)) {
          await beforeRemove?.(dir);
          await rm(dir, { recursive: true, force: true });
        }
      } catch {
        // no owner file (yet), or not ours to judge
      }
    }),
  );
}
