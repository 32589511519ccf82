/** The four Swift servers plus the memcached that tempauth keeps its tokens in. */
export type ProcessName = 'memcached' | 'account' | 'container' | 'object' | 'proxy';

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
  /** Current PID of each child process (undefined while it is not running). */
  pids(): Record<ProcessName, number | undefined>;
  /** SIGTERM every child by PID, wait for exit, remove the temp dir. Idempotent. */
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
}
