/*
 * Installs Debian packages for test tiers, one apt-get at a time across processes: every apt-get runs under
 * `flock /var/lock/stowage-apt.lock` (the lock @stowage/object-store-server takes for Swift), so tiers that
 * install at the same time take turns instead of failing on the package lists' lock.
 */
import { access, constants as fsConstants } from 'node:fs/promises';
import { describeFailure, runCommand } from './run-command';

export const APT_TURN_LOCK = '/var/lock/stowage-apt.lock';

export async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function apt(args: string[]) {
  // /usr/bin/env sets DEBIAN_FRONTEND for apt only. DPkg::Lock::Timeout waits for dpkg's lock, flock for
  // another Stowage tier's whole apt-get run (including the `apt-get update` lists lock).
  return runCommand(
    '/usr/bin/flock',
    [
      '--wait',
      '900',
      APT_TURN_LOCK,
      '/usr/bin/env',
      'DEBIAN_FRONTEND=noninteractive',
      'apt-get',
      '-o',
      'DPkg::Lock::Timeout=300',
      ...args,
    ],
    { timeoutMs: 15 * 60_000 },
  );
}

// One installation per package set per process; apt-get runs one at a time.
let queue: Promise<unknown> = Promise.resolve();
const installations = new Map<string, Promise<void>>();

/**
 * `apt-get install -y -qq --no-install-recommends <packages>` (flock'd), and when that fails (typically no
 * package lists yet on a fresh machine) `apt-get update` and the install once more. Throws a clear Error
 * when there is no apt-get, when not root, or when apt-get fails. Concurrent calls for the same packages share one run.
 */
export function aptInstall(title: string, packages: readonly string[]): Promise<void> {
  const key = [...packages].sort().join(' ');
  let installation = installations.get(key);
  if (!installation) {
    installation = queue.then(() => install(title, packages));
    queue = installation.catch(() => undefined);
    installations.set(key, installation);
    installation.catch(() => installations.delete(key));
  }
  return installation;
}

async function install(title: string, packages: readonly string[]): Promise<void> {
  const list = packages.join(' ');
  const manual = `apt-get update && apt-get install -y --no-install-recommends ${list}`;
  if (!(await isExecutable('/usr/bin/apt-get'))) {
    throw new Error(`${title} is not installed and there is no apt-get here. Needs Debian/Ubuntu: ${manual}`);
  }
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error(`${title} is not installed; installing it needs root. Run as root: ${manual}`);
  }
  const installArgs = ['install', '-y', '-qq', '--no-install-recommends', ...packages];
  const first = await apt(installArgs);
  if (first.code === 0) return;
  const update = await apt(['update', '-qq']);
  if (update.code !== 0) {
    throw new Error(
      describeFailure(
        `installing ${title}: apt-get install ${list} failed, then apt-get update (run by hand: ${manual})`,
        update,
      ),
    );
  }
  const second = await apt(installArgs);
  if (second.code !== 0)
    throw new Error(describeFailure(`installing ${title}: apt-get install ${list}`, second));
}
