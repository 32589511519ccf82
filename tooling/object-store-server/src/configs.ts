import { join } from 'node:path';
import { TEMPAUTH_ACCOUNT, TEMPAUTH_KEY, TEMPAUTH_USER, S3_REGION } from './constants';

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

const PROXY_PIPELINE = [
  'catch_errors',
  'gatekeeper',
  'healthcheck',
  'proxy-logging',
  'cache',
  'listing_formats',
  'bulk',
  'tempurl',
  's3api',
  'tempauth',
  'copy',
  'slo',
  'dlo',
  'versioned_writes',
  'symlink',
  'proxy-logging',
  'proxy-server',
].join(' ');

/**
 * Proxy with tempauth and s3api. SLO/DLO use their default limits; max_file_size stays Swift's default
 * (5 GiB + 2 bytes), which comes from /etc/swift/swift.conf's [swift-constraints].
 */
export function proxyConf(port: number, memcachedPort: number, context: ConfContext): string {
  return `${defaults(context, port, 'proxy-server')}
[pipeline:main]
pipeline = ${PROXY_PIPELINE}

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true

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
`;
}
