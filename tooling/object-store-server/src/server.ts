import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ManagedProcess } from './child-process';
import { backendConf, proxyConf, type BackendName, type ConfContext } from './configs';
import {
  MEMCACHED_BIN,
  S3_REGION,
  SWIFT_SERVER_BINS,
  TEMPAUTH_ACCOUNT,
  TEMPAUTH_KEY,
  TEMPAUTH_USER,
} from './constants';
import { trackDir, untrackDir } from './exit-cleanup';
import { ensureKeystoneInstalled, ensureSwiftInstalled } from './install';
import {
  prepareKeystone,
  waitForKeystone,
  waitForKeystoneThroughProxy,
  type KeystoneSetup,
} from './keystone';
import { getFreePorts } from './ports';
import { waitUntilReady } from './readiness';
import { buildRings } from './rings';
import { DATA_DIR_PREFIX, markOwner, sweepStaleDataDirs } from './stale-dirs';
import { ensureSwiftConf } from './swift-conf';
import { type ProcessName, type StartSwiftServerOptions, type SwiftServer } from './types';

const BACKENDS: readonly BackendName[] = ['account', 'container', 'object'];

/**
 * Starts a single-node, single-replica OpenStack Swift (Debian's 2.30) on 127.0.0.1 with free ports:
 * memcached + account, container, object and proxy servers, the proxy answering both the Swift API
 * (tempauth v1) and the S3 API (s3api). Installs the Debian packages first when they are missing.
 * Resolves once every server is healthy and v1 auth works.
 *
 * With `keystone: true` also a real Keystone (identity v3, started first, in parallel with Swift) whose
 * catalog points at the proxy, and the proxy accepts its tokens too (authtoken + keystoneauth); resolves
 * once a Keystone token of the test user is accepted by the proxy as well.
 */
export async function startSwiftServer(options: StartSwiftServerOptions = {}): Promise<SwiftServer> {
  if (options.keystone) await ensureKeystoneInstalled();
  else await ensureSwiftInstalled();
  const policyIndexes = await ensureSwiftConf();
  const user = currentUserName();

  const baseDir = options.baseDir ?? tmpdir();
  await sweepStaleDataDirs(baseDir);
  const dataDir = await mkdtemp(join(baseDir, DATA_DIR_PREFIX));
  trackDir(dataDir);
  const processes: ManagedProcess[] = [];
  try {
    await markOwner(dataDir);
    const context: ConfContext = { swiftDir: dataDir, devicesDir: join(dataDir, 'devices'), user };
    await mkdir(join(context.devicesDir, 'd1'), { recursive: true });
    await mkdir(join(dataDir, 'recon'), { recursive: true });

    const [memcachedPort, accountPort, containerPort, objectPort, proxyPort, keystonePort] = (await getFreePorts(
      options.keystone ? 6 : 5,
    )) as [number, number, number, number, number, number | undefined];
    const ports: Record<SwiftProcessName | 'memcached', number> = {
      memcached: memcachedPort,
      account: accountPort,
      container: containerPort,
      object: objectPort,
      proxy: proxyPort,
    };
    const proxyUrl = `http://127.0.0.1:${ports.proxy}`;

    // Keystone first: its python imports and bootstrap take longer than Swift's start, so they overlap it.
    let keystone: KeystoneSetup | undefined;
    if (keystonePort !== undefined) {
      keystone = await prepareKeystone(join(dataDir, 'keystone'), keystonePort, proxyUrl, options.log);
      processes.push(keystone.process);
      keystone.process.start();
    }

    const confPath = (name: SwiftProcessName) => join(dataDir, `${name}-server.conf`);
    await Promise.all([
      ...BACKENDS.map((name) => writeFile(confPath(name), backendConf(name, ports[name], context))),
      writeFile(confPath('proxy'), proxyConf(ports.proxy, ports.memcached, context, keystone?.proxy)),
      buildRings(dataDir, context.devicesDir, [
        { name: 'account', port: ports.account },
        { name: 'container', port: ports.container },
        ...policyIndexes.map((index) => ({
          name: index === 0 ? 'object' : `object-${index}`,
          port: ports.object,
        })),
      ]),
    ]);

    const memcachedArgs = ['-l', '127.0.0.1', '-p', String(ports.memcached), '-U', '0', '-m', '64'];
    // memcached refuses to run as root unless told which user to be.
    if (process.getuid?.() === 0) memcachedArgs.push('-u', user);
    const memcached = new ManagedProcess('memcached', MEMCACHED_BIN, memcachedArgs, options.log);
    const servers = Object.fromEntries(
      (['account', 'container', 'object', 'proxy'] as const).map((name) => [
        name,
        new ManagedProcess(name, SWIFT_SERVER_BINS[name], [confPath(name), '-v'], options.log),
      ]),
    ) as Record<SwiftProcessName, ManagedProcess>;
    const swiftProcesses = [memcached, servers.account, servers.container, servers.object, servers.proxy];
    processes.push(...swiftProcesses);
    for (const child of swiftProcesses) child.start();

    const authUrl = `${proxyUrl}/auth/v1.0`;
    const swift = { user: `${TEMPAUTH_ACCOUNT}:${TEMPAUTH_USER}`, key: TEMPAUTH_KEY };
    const timeoutMs = options.readyTimeoutMs ?? 60_000;
    const ready = (healthPorts: Record<string, number>) =>
      waitUntilReady({ healthPorts, authUrl, user: swift.user, key: swift.key, processes, timeoutMs });

    const [, keystoneInfo] = await Promise.all([
      ready({
        account: ports.account,
        container: ports.container,
        object: ports.object,
        proxy: ports.proxy,
      }),
      keystone ? waitForKeystone(keystone, proxyUrl, timeoutMs) : undefined,
    ]);
    if (keystoneInfo) await waitForKeystoneThroughProxy(keystoneInfo, processes, timeoutMs);

    let stopping: Promise<void> | undefined;
    return {
      proxyUrl,
      authUrl,
      swift,
      s3: { accessKeyId: swift.user, secretAccessKey: swift.key, region: S3_REGION },
      dataDir,
      keystone: keystoneInfo,
      pids: () =>
        Object.fromEntries(processes.map((child) => [child.name, child.pid])) as Record<
          ProcessName,
          number | undefined
        >,
      stop() {
        stopping ??= stopAll(processes, dataDir);
        return stopping;
      },
      stopProxy: () => servers.proxy.stop(),
      async startProxy() {
        if (stopping) throw new Error('Swift test server was stopped; start a new one');
        servers.proxy.start();
        await ready({ proxy: ports.proxy });
      },
    };
  } catch (error) {
    await stopAll(processes, dataDir).catch(() => undefined);
    throw error;
  }
}

type SwiftProcessName = Exclude<ProcessName, 'memcached' | 'keystone'>;

async function stopAll(processes: readonly ManagedProcess[], dataDir: string): Promise<void> {
  // Proxy first so that no request reaches a half-stopped backend, then the rest together.
  const proxy = processes.find((child) => child.name === 'proxy');
  await proxy?.stop();
  await Promise.all(processes.map((child) => child.stop()));
  await rm(dataDir, { recursive: true, force: true, maxRetries: 3 });
  untrackDir(dataDir);
}

function currentUserName(): string {
  try {
    return userInfo().username;
  } catch (error) {
    throw new Error(
      `Swift test server: the current uid has no user name (${(error as Error).message}); Swift's "user =" setting needs one`,
    );
  }
}
