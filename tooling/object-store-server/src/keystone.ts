import { randomBytes } from 'node:crypto';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ManagedProcess } from './child-process';
import { type ProxyKeystoneConf } from './configs';
import {
  KEYSTONE_ADMIN_PASSWORD,
  KEYSTONE_ADMIN_PROJECT,
  KEYSTONE_ADMIN_USER,
  KEYSTONE_DOMAIN,
  KEYSTONE_PASSWORD,
  KEYSTONE_PROJECT,
  KEYSTONE_REGION,
  KEYSTONE_RESELLER_PREFIX,
  KEYSTONE_USER,
  SYSTEM_PYTHON,
} from './constants';
import { describeProcesses } from './readiness';
import { type KeystoneInfo } from './types';

/**
 * Keystone (Debian's python3-keystone: the real identity v3 service) in one python process, so that its slow
 * imports (~2.5 s of CPU) are paid once:
 * 1. a forked child does `keystone-manage db_sync` + `keystone-manage bootstrap` (keystone.cmd.cli's own code)
 *    and then creates the test project, user, role assignment, object-store service and endpoints with
 *    Keystone's managers (as bootstrap does for the admin) — through the REST API that took ~2 s more;
 * 2. the parent serves Keystone's WSGI application (what keystone-wsgi-public serves) with wsgiref, one
 *    request at a time like keystone-wsgi-public: with threads, Keystone on SQLite fails (connections used
 *    across threads, spurious 403s). Each response closes its connection (HTTP/1.0), so an idle keep-alive
 *    client cannot block the others.
 * Fork children do not inherit PR_SET_PDEATHSIG, so the child sets it too.
 */
const KEYSTONE_SERVER_PY = `
import ctypes, json, os, signal, sqlite3, sys, uuid
from wsgiref import simple_server

settings = json.loads(sys.argv[1])
sys.argv[1:] = ['--config-file', settings['conf']]  # oslo.config parses sys.argv when the app is initialized

from keystone.cmd import cli
from keystone.common import driver_hints, provider_api
from keystone.common.sql import upgrades
from keystone.server.wsgi import initialize_public_application


def provision():
    """The project, user, role assignment and object-store service + endpoints for the tests."""
    providers = provider_api.ProviderAPIs
    project_id = uuid.uuid4().hex
    providers.resource_api.create_project(project_id, {
        'id': project_id, 'name': settings['project'], 'domain_id': 'default', 'enabled': True,
        'description': 'Stowage tests'})
    user = providers.identity_api.create_user({
        'name': settings['user'], 'password': settings['password'], 'domain_id': 'default',
        'enabled': True, 'default_project_id': project_id})
    hints = driver_hints.Hints()
    hints.add_filter('name', 'member')
    hints.add_filter('domain_id', None)
    member = providers.role_api.list_roles(hints)[0]
    providers.assignment_api.add_role_to_user_and_project(
        user_id=user['id'], project_id=project_id, role_id=member['id'])
    service_id = uuid.uuid4().hex
    providers.catalog_api.create_service(service_id, {
        'id': service_id, 'name': 'swift', 'type': 'object-store', 'enabled': True,
        'description': 'Swift test proxy'})
    for interface in ('public', 'internal', 'admin'):
        endpoint_id = uuid.uuid4().hex
        providers.catalog_api.create_endpoint(endpoint_id, {
            'id': endpoint_id, 'service_id': service_id, 'interface': interface,
            'url': settings['storageUrl'], 'region_id': settings['region'], 'enabled': True})
    print('provisioned project %s (%s), user %s, object-store endpoints %s' % (
        settings['project'], project_id, settings['user'], settings['storageUrl']), flush=True)


def setup():
    # Keystone leaves read transactions open between requests (until garbage collection); in SQLite's
    # default rollback-journal mode they block every write ("database is locked" after 5 s). In WAL mode
    # readers do not block the writer. The mode is stored in the database file.
    connection = sqlite3.connect(settings['db'])
    connection.execute('PRAGMA journal_mode=WAL')
    connection.close()
    bootstrap = cli.BootStrap.main
    def db_sync_bootstrap_provision():
        upgrades.offline_sync_database_to_version()  # = keystone-manage db_sync
        bootstrap()
        provision()
    cli.BootStrap.main = staticmethod(db_sync_bootstrap_provision)
    os.environ['OS_BOOTSTRAP_PASSWORD'] = settings['adminPassword']
    cli.main(argv=['keystone-manage', '--config-file', settings['conf'], 'bootstrap',
                   '--bootstrap-username', settings['adminUser'],
                   '--bootstrap-project-name', settings['adminProject'],
                   '--bootstrap-admin-url', settings['authUrl'],
                   '--bootstrap-internal-url', settings['authUrl'],
                   '--bootstrap-public-url', settings['authUrl'],
                   '--bootstrap-region-id', settings['region']])


pid = os.fork()
if pid == 0:
    ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGTERM))  # PR_SET_PDEATHSIG
    code = 0
    try:
        setup()
    except SystemExit as error:  # keystone-manage's way to fail
        code = error.code if isinstance(error.code, int) else (0 if error.code is None else 1)
        if code:
            print('keystone-manage bootstrap exited: %s' % error.code, file=sys.stderr)
    except BaseException:
        import traceback
        traceback.print_exc()
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
_, status = os.waitpid(pid, 0)
if status != 0:
    sys.exit('keystone db_sync + bootstrap + provisioning failed (wait status %d)' % status)

application = initialize_public_application()


class Server(simple_server.WSGIServer):
    request_queue_size = 128  # one request at a time, but a long listen queue


class Handler(simple_server.WSGIRequestHandler):
    def log_message(self, format, *args):
        sys.stderr.write('%s\\n' % (format % args))


httpd = simple_server.make_server(settings['host'], settings['port'], application,
                                  server_class=Server, handler_class=Handler)
print('keystone listening on %s' % settings['authUrl'], flush=True)
httpd.serve_forever()
`;

// oslo.log's own stderr handler colours every line; a plain logging config instead.
const LOGGING_CONF = `[loggers]
keys = root, keystone

[handlers]
keys = stderr

[formatters]
keys = plain

[logger_root]
level = WARNING
handlers = stderr

[logger_keystone]
level = INFO
handlers = stderr
qualname = keystone
propagate = 0

[handler_stderr]
class = StreamHandler
args = (sys.stderr,)
formatter = plain

[formatter_plain]
format = %(levelname)s %(name)s %(message)s
`;

function keystoneConf(dir: string): string {
  return `[DEFAULT]
log_config_append = ${join(dir, 'logging.conf')}

[database]
connection = sqlite:///${join(dir, 'keystone.db')}
# no fsync per commit (a throwaway database)
sqlite_synchronous = false

[token]
provider = fernet

[fernet_tokens]
key_repository = ${join(dir, 'fernet-keys')}

[fernet_receipts]
key_repository = ${join(dir, 'receipt-keys')}

[credential]
key_repository = ${join(dir, 'credential-keys')}

[identity]
# bcrypt's minimum cost: password checks in ~1 ms instead of ~200 ms (cost 12)
password_hash_rounds = 4
# bcrypt's own limit (the default, 4096, logs a warning at every password check)
max_password_length = 72
`;
}

/** A Fernet key as keystone-manage fernet_setup writes it: 32 random bytes, URL-safe base64 with padding. */
function fernetKey(): string {
  return randomBytes(32).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

/** What keystone-manage fernet_setup / credential_setup create: key 0 (staged) and 1 (primary), dir 0700. */
async function writeKeyRepository(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await chmod(dir, 0o700);
  await Promise.all(['0', '1'].map((name) => writeFile(join(dir, name), fernetKey(), { mode: 0o600 })));
}

export interface KeystoneSetup {
  process: ManagedProcess;
  /** http://127.0.0.1:PORT/v3 */
  authUrl: string;
  /** For the proxy's authtoken middleware (the bootstrap admin is its service user). */
  proxy: ProxyKeystoneConf;
}

/**
 * Writes keystone.conf, the key repositories and the server script into `dir` and returns the (not yet
 * started) process. The catalog's object-store endpoints will be `${proxyUrl}/v1/KEY_$(project_id)s`.
 */
export async function prepareKeystone(
  dir: string,
  port: number,
  proxyUrl: string,
  log?: (line: string) => void,
): Promise<KeystoneSetup> {
  await mkdir(dir, { recursive: true });
  const script = join(dir, 'keystone-server.py');
  const conf = join(dir, 'keystone.conf');
  await Promise.all([
    writeFile(conf, keystoneConf(dir)),
    writeFile(join(dir, 'logging.conf'), LOGGING_CONF),
    writeFile(script, KEYSTONE_SERVER_PY),
    writeKeyRepository(join(dir, 'fernet-keys')),
    writeKeyRepository(join(dir, 'receipt-keys')),
    writeKeyRepository(join(dir, 'credential-keys')),
  ]);
  const authUrl = `http://127.0.0.1:${port}/v3`;
  const settings = {
    conf,
    db: join(dir, 'keystone.db'),
    host: '127.0.0.1',
    port,
    authUrl,
    region: KEYSTONE_REGION,
    adminUser: KEYSTONE_ADMIN_USER,
    adminPassword: KEYSTONE_ADMIN_PASSWORD,
    adminProject: KEYSTONE_ADMIN_PROJECT,
    project: KEYSTONE_PROJECT,
    user: KEYSTONE_USER,
    password: KEYSTONE_PASSWORD,
    // Keystone substitutes $(project_id)s when it builds a token's catalog.
    storageUrl: `${proxyUrl}/v1/${KEYSTONE_RESELLER_PREFIX}$(project_id)s`,
  };
  const server = new ManagedProcess('keystone', SYSTEM_PYTHON, [script, JSON.stringify(settings)], log);
  return {
    process: server,
    authUrl,
    proxy: {
      authUrl,
      serviceUser: KEYSTONE_ADMIN_USER,
      servicePassword: KEYSTONE_ADMIN_PASSWORD,
      serviceProject: KEYSTONE_ADMIN_PROJECT,
    },
  };
}

interface TokenBody {
  project?: { id: string; name: string };
  catalog?: { type: string; endpoints: { interface: string; region_id: string; url: string }[] }[];
}

/** Password auth scoped to a project, both in domain Default (by name), as client libraries do it. */
async function passwordAuth(
  authUrl: string,
  user: string,
  password: string,
  project: string,
): Promise<{ token: string; body: TokenBody }> {
  const url = `${authUrl}/auth/tokens`;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: user, domain: { name: KEYSTONE_DOMAIN }, password } },
        },
        scope: { project: { name: project, domain: { name: KEYSTONE_DOMAIN } } },
      },
    }),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  const token = response.headers.get('x-subject-token');
  if (response.status !== 201 || !token) {
    throw new Error(
      `Keystone: POST ${url} as ${user} → HTTP ${response.status}${token ? '' : ' without X-Subject-Token'}: ${text.slice(0, 500)}`,
    );
  }
  return { token, body: (JSON.parse(text) as { token: TokenBody }).token };
}

/**
 * Polls GET /v3 until it answers 200 (the server listens only once db_sync, bootstrap and provisioning are
 * done), then checks that password auth as the test user gives its project and the object-store endpoint.
 */
export async function waitForKeystone(
  setup: KeystoneSetup,
  proxyUrl: string,
  timeoutMs: number,
): Promise<KeystoneInfo> {
  const deadline = Date.now() + timeoutMs;
  let problem = 'not probed yet';
  for (;;) {
    if (!setup.process.running) {
      throw new Error(`Keystone test server exited during startup\n${describeProcesses([setup.process], 80)}`);
    }
    try {
      const response = await fetch(setup.authUrl, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status === 200) break;
      problem = `HTTP ${response.status}`;
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      problem = cause?.code ?? (error as Error).message;
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `Keystone test server not ready after ${timeoutMs} ms: GET ${setup.authUrl} → ${problem}\n${describeProcesses([setup.process], 80)}`,
      );
    }
    await sleep(100);
  }

  const { body } = await passwordAuth(setup.authUrl, KEYSTONE_USER, KEYSTONE_PASSWORD, KEYSTONE_PROJECT).catch(
    (error: unknown) => {
      throw new Error(`${(error as Error).message}\n${describeProcesses([setup.process], 80)}`);
    },
  );
  const projectId = body.project?.id ?? '';
  const storageUrl = `${proxyUrl}/v1/${KEYSTONE_RESELLER_PREFIX}${projectId}`;
  const endpoint = body.catalog
    ?.find((entry) => entry.type === 'object-store')
    ?.endpoints.find((e) => e.interface === 'public' && e.region_id === KEYSTONE_REGION);
  if (!projectId || endpoint?.url !== storageUrl) {
    throw new Error(
      `Keystone: the token of ${KEYSTONE_USER} lacks project ${KEYSTONE_PROJECT} or the object-store endpoint ${storageUrl}: ${JSON.stringify(body).slice(0, 1000)}`,
    );
  }
  return {
    authUrl: setup.authUrl,
    user: KEYSTONE_USER,
    password: KEYSTONE_PASSWORD,
    userDomain: KEYSTONE_DOMAIN,
    projectName: KEYSTONE_PROJECT,
    projectDomain: KEYSTONE_DOMAIN,
    region: KEYSTONE_REGION,
    projectId,
    storageUrl,
    admin: {
      user: KEYSTONE_ADMIN_USER,
      password: KEYSTONE_ADMIN_PASSWORD,
      projectName: KEYSTONE_ADMIN_PROJECT,
    },
  };
}

/**
 * End to end: a token of the test user (from password auth) is accepted by the proxy's authtoken +
 * keystoneauth for a HEAD of the project's account. Retries until `timeoutMs`; throws with the servers' output.
 */
export async function waitForKeystoneThroughProxy(
  info: KeystoneInfo,
  processes: readonly ManagedProcess[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const { token } = await passwordAuth(info.authUrl, info.user, info.password, info.projectName);
  let problem = 'not probed yet';
  for (;;) {
    try {
      const response = await fetch(info.storageUrl, {
        method: 'HEAD',
        headers: { 'X-Auth-Token': token },
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      if (response.ok) return;
      problem = `HTTP ${response.status}`;
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      problem = cause?.code ?? (error as Error).message;
    }
    if (Date.now() >= deadline) break;
    await sleep(200);
  }
  throw new Error(
    `Swift test server: a Keystone token is not accepted by the proxy after ${timeoutMs} ms: HEAD ${info.storageUrl} → ${problem}\n${describeProcesses(processes)}`,
  );
}
