import { access, constants as fsConstants } from 'node:fs/promises';
import {
  DEBIAN_PACKAGES,
  KEYSTONE_DEBIAN_PACKAGES,
  KEYSTONE_PYTHON_MODULES,
  MEMCACHED_BIN,
  SWIFT_PYTHON_MODULE,
  SWIFT_SERVER_BINS,
  SYSTEM_PYTHON,
} from './constants';
import { describeFailure, runCommand } from './run-command';

/** Taken (with flock) around each apt-get, so that processes installing at once take turns. */
const APT_TURN_LOCK = '/var/lock/stowage-apt.lock';

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

/** Names of what Keystone + Swift's authtoken middleware need beyond Swift; empty when all is there. */
export async function findMissingKeystonePieces(): Promise<string[]> {
  const missing: string[] = [];
  for (const path of KEYSTONE_PYTHON_MODULES) if (!(await exists(path))) missing.push(path);
  return missing;
}

interface Component {
  title: string;
  packages: readonly string[];
  findMissing(): Promise<string[]>;
}

const SWIFT: Component = {
  title: 'OpenStack Swift',
  packages: DEBIAN_PACKAGES,
  findMissing: findMissingSwiftPieces,
};
const KEYSTONE: Component = {
  title: 'OpenStack Keystone',
  packages: KEYSTONE_DEBIAN_PACKAGES,
  findMissing: findMissingKeystonePieces,
};

// One apt-get at a time (a second one would wait for dpkg's lock anyway); one shared attempt per component set.
let queue: Promise<unknown> = Promise.resolve();
const installations = new Map<string, Promise<void>>();

function ensureInstalled(components: readonly Component[]): Promise<void> {
  const key = components.map((component) => component.title).join(' + ');
  let installation = installations.get(key);
  if (!installation) {
    installation = queue.then(() => install(components));
    queue = installation.catch(() => undefined);
    installations.set(key, installation);
    installation.catch(() => installations.delete(key));
  }
  return installation;
}

/**
 * Installs Debian's Swift and memcached when any piece is missing (apt-get update, then
 * apt-get install -y --no-install-recommends ...). Throws a clear Error when that is impossible or fails.
 * Concurrent calls in one process share one installation.
 */
export function ensureSwiftInstalled(): Promise<void> {
  return ensureInstalled([SWIFT]);
}

/**
 * Like ensureSwiftInstalled, plus Debian's Keystone and keystonemiddleware (python3-keystone,
 * python3-keystonemiddleware: ~120 packages, about 2 minutes the first time), in one apt-get run.
 */
export function ensureKeystoneInstalled(): Promise<void> {
  return ensureInstalled([SWIFT, KEYSTONE]);
}

async function install(components: readonly Component[]): Promise<void> {
  const lacking: { component: Component; missing: string[] }[] = [];
  for (const component of components) {
    const missing = await component.findMissing();
    if (missing.length > 0) lacking.push({ component, missing });
  }
  if (lacking.length === 0) return;

  const title = lacking.map(({ component }) => component.title).join(' and ');
  const missingList = lacking.flatMap(({ missing }) => missing).join(', ');
  const packageList = [...new Set(lacking.flatMap(({ component }) => component.packages))];
  const packages = packageList.join(' ');
  const manual = `apt-get update && apt-get install -y --no-install-recommends ${packages}`;
  if (!(await isExecutable('/usr/bin/apt-get'))) {
    throw new Error(
      `${title} is not installed (missing: ${missingList}) and there is no apt-get here. Needs Debian/Ubuntu: ${manual}`,
    );
  }
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error(
      `${title} is not installed (missing: ${missingList}); installing needs root. Run as root: ${manual}`,
    );
  }

  // /usr/bin/env sets DEBIAN_FRONTEND for apt only, without touching this process's environment. flock
  // makes test processes that install at the same time take turns: DPkg::Lock::Timeout waits for dpkg's
  // lock but not for the package lists' lock that `apt-get update` takes, which failed the second one.
  const apt = (args: string[]) =>
    runCommand(
      '/usr/bin/flock',
      ['--wait', '900', APT_TURN_LOCK, '/usr/bin/env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', '-o', 'DPkg::Lock::Timeout=300', ...args],
      {
        timeoutMs: 15 * 60_000,
      },
    );
  const update = await apt(['update']);
  if (update.code !== 0)
    throw new Error(describeFailure(`installing ${title}: apt-get update (run by hand: ${manual})`, update));
  const result = await apt(['install', '-y', '--no-install-recommends', ...packageList]);
  if (result.code !== 0)
    throw new Error(describeFailure(`installing ${title}: apt-get install ${packages}`, result));

  const stillMissing: string[] = [];
  for (const { component } of lacking) stillMissing.push(...(await component.findMissing()));
  if (stillMissing.length > 0) {
    throw new Error(
      `apt-get install ${packages} succeeded but these are still missing: ${stillMissing.join(', ')}`,
    );
  }
}
