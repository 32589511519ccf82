import { access, constants as fsConstants } from 'node:fs/promises';
import {
  DEBIAN_PACKAGES,
  MEMCACHED_BIN,
  SWIFT_PYTHON_MODULE,
  SWIFT_SERVER_BINS,
  SYSTEM_PYTHON,
} from './constants';
import { describeFailure, runCommand } from './run-command';

const REQUIRED_EXECUTABLES = [...Object.values(SWIFT_SERVER_BINS), MEMCACHED_BIN, SYSTEM_PYTHON];

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Names of what is missing (executables, or the swift python module); empty when all is there. */
export async function findMissingSwiftPieces(): Promise<string[]> {
  const missing: string[] = [];
  for (const path of REQUIRED_EXECUTABLES) if (!(await isExecutable(path))) missing.push(path);
  if (!(await exists(SWIFT_PYTHON_MODULE))) missing.push(`${SWIFT_PYTHON_MODULE} (package python3-swift)`);
  return missing;
}

let installation: Promise<void> | undefined;

/**
 * Installs Debian's Swift and memcached when any piece is missing (apt-get update, then
 * apt-get install -y --no-install-recommends ...). Throws a clear Error when that is impossible or fails.
 * Concurrent calls in one process share one installation.
 */
export function ensureSwiftInstalled(): Promise<void> {
  installation ??= install().catch((error: unknown) => {
    installation = undefined;
    throw error;
  });
  return installation;
}

async function install(): Promise<void> {
  const missing = await findMissingSwiftPieces();
  if (missing.length === 0) return;

  const packages = DEBIAN_PACKAGES.join(' ');
  const manual = `apt-get update && apt-get install -y --no-install-recommends ${packages}`;
  if (!(await isExecutable('/usr/bin/apt-get'))) {
    throw new Error(
      `OpenStack Swift is not installed (missing: ${missing.join(', ')}) and there is no apt-get here. Needs Debian/Ubuntu: ${manual}`,
    );
  }
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error(
      `OpenStack Swift is not installed (missing: ${missing.join(', ')}); installing needs root. Run as root: ${manual}`,
    );
  }

  // /usr/bin/env sets DEBIAN_FRONTEND for apt only, without touching this process's environment.
  const apt = (args: string[]) =>
    runCommand(
      '/usr/bin/env',
      ['DEBIAN_FRONTEND=noninteractive', 'apt-get', '-o', 'DPkg::Lock::Timeout=300', ...args],
      {
        timeoutMs: 15 * 60_000,
      },
    );
  const update = await apt(['update']);
  if (update.code !== 0)
    throw new Error(describeFailure(`installing Swift: apt-get update (run by hand: ${manual})`, update));
  const result = await apt(['install', '-y', '--no-install-recommends', ...DEBIAN_PACKAGES]);
  if (result.code !== 0)
    throw new Error(describeFailure(`installing Swift: apt-get install ${packages}`, result));

  const stillMissing = await findMissingSwiftPieces();
  if (stillMissing.length > 0) {
    throw new Error(
      `apt-get install ${packages} succeeded but these are still missing: ${stillMissing.join(', ')}`,
    );
  }
}
