import { join } from 'node:path';
import {
  KEYSTONE_RESELLER_PREFIX,
  S3_REGION,
  TEMPAUTH_ACCOUNT,
  TEMPAUTH_KEY,
  TEMPAUTH_USER,
} from './constants';

export interface ConfContext {
  /** swift_dir: holds the rings and these confs */
  swiftDir: string;
  /** contains the device "d1" */
  devicesDir: string;
  user: string;
}

export type BackendName = 'account' | 'container' | 'object';

function defaults(context: ConfContext, port: number, logName: string): string {
  return `[DEFAULT]
bind_ip = 127.0.0.1
bind_port = ${port}
workers = 0
user = ${context.user}
swift_dir = ${context.swiftDir}
devices = ${context.devicesDir}
mount_check = false
disable_fallocate = true
log_name = ${logName}
log_level = INFO
`;
}

/** account/container/object server: healthcheck recon <name>-server */
export function backendConf(name: BackendName, port: number, context: ConfContext): string {
  return `${defaults(context, port, `${name}-server`)}
[pipeline:main]
pipeline = healthcheck recon ${name}-server

[app:${name}-server]
use = egg:swift#${name}

[filter:healthcheck]
use = egg:swift#healthcheck

[filter:recon]
use = egg:swift#recon
recon_cache_path = ${join(context.swiftDir, 'recon')}
`;
}

function proxyPipeline(withKeystone: boolean): string {
  return [
    'catch_errors',
    'gatekeeper',
    'healthcheck',
    'proxy-logging',
    'cache',
    'listing_formats',
    'bulk',
    'tempurl',
    's3api',
    // authtoken validates X-Auth-Token against Keystone and, with delay_auth_decision, only marks a token it
    // does not know (e.g. tempauth's AUTH_tk…) as invalid; keystoneauth authorizes KEY_ accounts, tempauth AUTH_.
    ...(withKeystone ? ['authtoken', 'keystoneauth'] : []),
    'tempauth',
    'copy',
    'slo',
    'dlo',
    'versioned_writes',
    'symlink',
    'proxy-logging',
    'proxy-server',
  ].join(' ');
}

/** Where the proxy finds Keystone, and the service user its authtoken middleware validates tokens with. */
export interface ProxyKeystoneConf {
  /** e.g. http://127.0.0.1:PORT/v3 */
  authUrl: string;
  serviceUser: string;
  servicePassword: string;
  serviceProject: string;
}

function keystoneFilters(keystone: ProxyKeystoneConf): string {
  return `
[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
www_authenticate_uri = ${keystone.authUrl}
auth_url = ${keystone.authUrl}
auth_type = password
username = ${keystone.serviceUser}
password = ${keystone.servicePassword}
project_name = ${keystone.serviceProject}
user_domain_id = default
project_domain_id = default
interface = public
delay_auth_decision = True
cache = swift.cache
include_service_catalog = False
service_token_roles_required = True
http_connect_timeout = 5
http_request_max_retries = 1

[filter:keystoneauth]
use = egg:swift#keystoneauth
reseller_prefix = ${KEYSTONE_RESELLER_PREFIX}
operator_roles = admin, member
reseller_admin_role = ResellerAdmin
`;
}

/**
 * Proxy with tempauth and s3api (and, given `keystone`, Keystone tokens through authtoken + keystoneauth).
 * SLO/DLO use their default limits; max_file_size stays Swift's default (5 GiB + 2 bytes), which comes from
 * /etc/swift/swift.conf's [swift-constraints].
 */
export function proxyConf(
  port: number,
  memcachedPort: number,
  context: ConfContext,
  keystone?: ProxyKeystoneConf,
): string {
  return `${defaults(context, port, 'proxy-server')}
[pipeline:main]
pipeline = ${proxyPipeline(keystone !== undefined)}

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
# One object server on a shared 2-core test host can stall for seconds while the disk flushes; the
# default 10 s would turn that into spurious 503s.
node_timeout = 60

[filter:catch_errors]
use = egg:swift#catch_errors

[filter:gatekeeper]
use = egg:swift#gatekeeper

[filter:healthcheck]
use = egg:swift#healthcheck

[filter:proxy-logging]
use = egg:swift#proxy_logging

[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:${memcachedPort}

[filter:listing_formats]
use = egg:swift#listing_formats

[filter:bulk]
use = egg:swift#bulk

[filter:tempurl]
use = egg:swift#tempurl

[filter:s3api]
use = egg:swift#s3api
location = ${S3_REGION}

[filter:tempauth]
use = egg:swift#tempauth
user_${TEMPAUTH_ACCOUNT}_${TEMPAUTH_USER} = ${TEMPAUTH_KEY} .admin

[filter:copy]
use = egg:swift#copy

[filter:slo]
use = egg:swift#slo

[filter:dlo]
use = egg:swift#dlo

[filter:versioned_writes]
use = egg:swift#versioned_writes

[filter:symlink]
use = egg:swift#symlink
${keystone ? keystoneFilters(keystone) : ''}`;
}
