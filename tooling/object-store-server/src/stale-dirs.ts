import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const DATA_DIR_PREFIX = 'stowage-swift-';
const OWNER_FILE = 'owner.pid';

/** Records which process owns a data dir, so that a later start can sweep it if that process was killed. */
export async function markOwner(dataDir: string): Promise<void> {
  await writeFile(join(dataDir, OWNER_FILE), `${process.pid}\n`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes data dirs left in `baseDir` by processes that died without cleaning up (e.g. SIGKILL, where the
 * children are still ended by PR_SET_PDEATHSIG but no JavaScript runs). Best effort; never throws.
 */
export async function sweepStaleDataDirs(baseDir: string): Promise<void> {
  let names: string[];
  try {
    names = (await readdir(baseDir)).filter((name) => name.startsWith(DATA_DIR_PREFIX));
  } catch {
    return;
  }
  await Promise.all(
    names.map(async (name) => {
      const dir = join(baseDir, name);
      try {
        const pid = Number((await readFile(join(dir, OWNER_FILE), 'utf8')).trim());
        if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !isAlive(pid)) {
          await rm(dir, { recursive: true, force: true });
        }
      } catch {
        // no owner file (yet), or not ours to judge
      }
    }),
  );
}
