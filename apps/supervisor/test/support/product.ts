/* The product as `npm start` runs it (scripts/run-product.sh, on the built web app), on a fresh data directory
 * and free ports (the web app's, the agent API's), with its log read line by line; and its tRPC API called over HTTP. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import superjson from 'superjson';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

type Title = 'the web app' | 'the worker' | 'the agent API';

export interface RunningProduct {
  origin: string;
  /** Where the agent API's own server listens (STOWAGE_AGENT_PORT). */
  agentOrigin: string;
  dataDir: string;
  supervisor: ChildProcess;
  log: string[];
  /** The pid of the latest start of "the web app", "the worker" or "the agent API", as the supervisor logged it. */
  pidOf(title: Title): number | null;
  /** Resolves with the pid of a start after `previous`. */
  restartedPid(title: Title, previous: number, timeoutMs?: number): Promise<number>;
  /** The Cookie header of the session `signIn` opened (sent with every query and mutation). */
  cookie: string;
  /** Signs in (the bootstrap admin with the test password by default) and keeps the session for later calls. */
  signIn(username?: string, password?: string): Promise<{ mustChangePassword: boolean }>;
  query<T>(procedure: string, input?: unknown): Promise<T>;
  mutate<T>(procedure: string, input: unknown): Promise<T>;
  /** True once the web app answers a query. */
  answers(): Promise<boolean>;
  stop(): Promise<number | null>;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function until<T>(probe: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** What the tests start the product with as the bootstrap admin's password (STOWAGE_ADMIN_PASSWORD). */
export const ADMIN_PASSWORD = 'product test admin password';

/** The product on a fresh data directory, signed in as the admin unless `env` unsets STOWAGE_ADMIN_PASSWORD (""). */
export async function startProduct(env: Record<string, string> = {}): Promise<RunningProduct> {
  const port = await freePort();
  const agentPort = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-product-'));
  const origin = `http://127.0.0.1:${port}`;
  const agentOrigin = `http://127.0.0.1:${agentPort}`;
  const supervisor = spawn('bash', ['scripts/run-product.sh'], {
    cwd: ROOT,
    env: { ...process.env, STOWAGE_DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(port), STOWAGE_AGENT_HOST: '127.0.0.1', STOWAGE_AGENT_PORT: String(agentPort), STOWAGE_ADMIN_PASSWORD: ADMIN_PASSWORD, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  const collect = (chunk: Buffer) => log.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  supervisor.stdout!.on('data', collect);
  supervisor.stderr!.on('data', collect);

  const pids = (title: string) =>
    log.flatMap((line) => {
      const match = new RegExp(`^\\[supervisor\\] ${title} started \\(pid (\\d+)\\)`).exec(line);
      return match ? [Number(match[1])] : [];
    });

  const call = async (procedure: string, init: RequestInit & { input?: unknown; method: 'GET' | 'POST' }) => {
    const url = new URL(`/api/trpc/${procedure}`, origin);
    if (init.method === 'GET' && init.input !== undefined) url.searchParams.set('input', JSON.stringify(superjson.serialize(init.input)));
    const response = await fetch(url, {
      method: init.method,
      headers: { 'content-type': 'application/json', cookie: product.cookie },
      ...(init.method === 'POST' ? { body: JSON.stringify(superjson.serialize(init.input)) } : {}),
    });
    const body = (await response.json()) as { result?: { data: Parameters<typeof superjson.deserialize>[0] }; error?: { json: { message: string } } };
    if (!response.ok || !body.result) throw new Error(`${procedure} answered ${response.status}: ${body.error?.json.message ?? 'no message'}`);
    return superjson.deserialize(body.result.data);
  };

  const product: RunningProduct = {
    origin,
    agentOrigin,
    dataDir,
    supervisor,
    log,
    cookie: '',
    signIn: async (username = 'admin', password = ADMIN_PASSWORD) => {
      const response = await fetch(`${origin}/api/auth/sign-in/username`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      const body = (await response.json()) as { mustChangePassword?: boolean; error?: { message: string } };
      if (!response.ok) throw new Error(`sign-in as ${username} answered ${response.status}: ${body.error?.message ?? ''}`);
      product.cookie = response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ');
      return { mustChangePassword: Boolean(body.mustChangePassword) };
    },
    pidOf: (title) => pids(title).at(-1) ?? null,
    restartedPid: (title, previous, timeoutMs = 30_000) =>
      until(
        () => {
          const all = pids(title);
          const at = all.lastIndexOf(previous);
          return at >= 0 && at < all.length - 1 ? all.at(-1)! : null;
        },
        timeoutMs,
        `${title} to be started again`,
      ),
    query: (procedure, input) => call(procedure, { method: 'GET', input }) as Promise<never>,
    mutate: (procedure, input) => call(procedure, { method: 'POST', input }) as Promise<never>,
    answers: async () => {
      try {
        // Up and answering: signed in or refused for want of a session.
        const { status } = await fetch(`${origin}/api/trpc/zone.list`, { headers: { cookie: product.cookie } });
        return status === 200 || status === 401;
      } catch {
        return false;
      }
    },
    stop: async () => {
      if (supervisor.exitCode !== null) return supervisor.exitCode;
      const exited = new Promise<number | null>((resolve) => supervisor.once('exit', (code) => resolve(code)));
      supervisor.kill('SIGTERM');
      return exited;
    },
  };
  await until(() => product.answers(), 120_000, 'the web app to answer');
  await until(() => product.pidOf('the worker'), 30_000, 'the worker to start');
  await until(() => log.includes(`[agent-api] serving ${agentOrigin}/api/agent/v1/`), 30_000, 'the agent API to serve');
  if (env.STOWAGE_ADMIN_PASSWORD !== '') await product.signIn();
  return product;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The processes whose parent is `pid`, from /proc (the web app's own processes under its first one). */
export function childrenOf(pid: number): number[] {
  return fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        // "pid (comm) state ppid …"; comm may hold spaces and parentheses, so read after its last ")".
        const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}
