/** The four Swift servers, the memcached that tempauth keeps its tokens in, and Keystone (only with `keystone: true`). */
export type ProcessName = 'memcached' | 'account' | 'container' | 'object' | 'proxy' | 'keystone';

/**
 * A real Keystone (identity v3) on 127.0.0.1 whose catalog points at this Swift. Password auth as `user` in
 * domain `userDomain`, scoped to project `projectName`, gets a token and a catalog with an "object-store"
 * endpoint (public, internal and admin, region `region`) = `storageUrl`.
 */
export interface KeystoneInfo {
  /** http://127.0.0.1:PORT/v3 (POST `${authUrl}/auth/tokens`) */
  authUrl: string;
  /** "stowage-user": role "member" on project "stowage" (keystoneauth's operator_roles: admin, member) */
  user: string;
  password: string;
  /** Domain name "Default" (its id is "default"). */
  userDomain: 'Default';
  /** "stowage" */
  projectName: string;
  projectDomain: 'Default';
  /** "RegionOne" */
  region: string;
  /** The project's id (Keystone generates it at every start). */
  projectId: string;
  /** `${proxyUrl}/v1/KEY_${projectId}`: the catalog's object-store endpoint (keystoneauth's reseller prefix is KEY_). */
  storageUrl: string;
  /** Keystone's bootstrap admin (admin role on project "admin" and the system), e.g. to create more users. */
  admin: { user: string; password: string; projectName: string };
}

export interface SwiftServer {
  /** e.g. http://127.0.0.1:PORT — the proxy; Swift auth at `${proxyUrl}/auth/v1.0`, S3 endpoint = proxyUrl */
  proxyUrl: string;
  /** `${proxyUrl}/auth/v1.0` (tempauth, v1 auth with X-Auth-User / X-Auth-Key). */
  authUrl: string;
  /** tempauth user "test:tester", key "testing". */
  swift: { user: string; key: string };
  /** s3api on tempauth: access key = "account:user", secret = the user's key. */
  s3: { accessKeyId: string; secretAccessKey: string; region: 'us-east-1' };
  /** The temp dir holding confs, rings and the device "d1" (removed by stop()). */
  dataDir: string;
  /** Keystone and how to authenticate against it; undefined unless started with `keystone: true`. */
  keystone: KeystoneInfo | undefined;
  /** Current PID of each child process (undefined while it is not running; keystone only with `keystone: true`). */
  pids(): Record<ProcessName, number | undefined>;
  /** SIGTERM every child (Keystone too) by PID, wait for exit, remove the temp dir. Idempotent. */
  stop(): Promise<void>;
  /** Stop only the proxy server (for tests of outages). Idempotent. */
  stopProxy(): Promise<void>;
  /** Start the proxy again on the same port; resolves once it is healthy and authenticates. */
  startProxy(): Promise<void>;
}

export interface StartSwiftServerOptions {
  /** Parent directory for the temp dir (default: os.tmpdir()). Its filesystem needs user xattrs (ext4, xfs, btrfs). */
  baseDir?: string;
  /** Receives every output line of every child, prefixed with "[name] ". */
  log?: (line: string) => void;
  /** How long to wait for readiness (default 60 000 ms). */
  readyTimeoutMs?: number;
  /**
   * Also start a real OpenStack Keystone (identity v3) and let the proxy accept its tokens (authtoken +
   * keystoneauth, for accounts KEY_<project id>) besides tempauth (AUTH_test) — see `SwiftServer.keystone`.
   * Installs python3-keystone and python3-keystonemiddleware when missing (~2 min once); costs ~6 CPU-s more
   * at start (Keystone boots while Swift starts) and ~140 MiB RSS.
   * Default false.
   */
  keystone?: boolean;
}
