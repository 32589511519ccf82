/** Debian's python3: the one python3-swift is installed for (a pyenv/venv python3 on PATH has no swift module). */
export const SYSTEM_PYTHON = '/usr/bin/python3';
/** Where python3-swift puts the swift package (checked instead of importing it: no python startup). */
export const SWIFT_PYTHON_MODULE = '/usr/lib/python3/dist-packages/swift/__init__.py';
export const MEMCACHED_BIN = '/usr/bin/memcached';
export const SWIFT_SERVER_BINS = {
  account: '/usr/bin/swift-account-server',
  container: '/usr/bin/swift-container-server',
  object: '/usr/bin/swift-object-server',
  proxy: '/usr/bin/swift-proxy-server',
} as const;

/** Read by every Swift server for the hash prefix/suffix and the storage policies, whatever swift_dir says. */
export const SWIFT_CONF_FILE = '/etc/swift/swift.conf';

export const DEBIAN_PACKAGES = [
  'swift-proxy',
  'swift-account',
  'swift-container',
  'swift-object',
  'memcached',
  'python3-swift',
] as const;

export const TEMPAUTH_ACCOUNT = 'test';
export const TEMPAUTH_USER = 'tester';
export const TEMPAUTH_KEY = 'testing';
export const S3_REGION = 'us-east-1';

/** Partition power of the rings: 2^10 partitions, one replica, one device. Build time is dominated by python startup. */
export const RING_PART_POWER = 10;

/** Extra Debian packages for `startSwiftServer({ keystone: true })` (~120 packages, about 2 min to install). */
export const KEYSTONE_DEBIAN_PACKAGES = ['python3-keystone', 'python3-keystonemiddleware'] as const;
/** Checked instead of importing them (no python startup): Keystone itself and Swift's authtoken middleware. */
export const KEYSTONE_PYTHON_MODULES = [
  '/usr/lib/python3/dist-packages/keystone/__init__.py',
  '/usr/lib/python3/dist-packages/keystonemiddleware/auth_token/__init__.py',
] as const;

export const KEYSTONE_REGION = 'RegionOne';
/** Keystone's bootstrap admin (admin role on project "admin" and on the system); also Swift's authtoken service user. */
export const KEYSTONE_ADMIN_USER = 'admin';
export const KEYSTONE_ADMIN_PASSWORD = 'keystone-admin-secret';
export const KEYSTONE_ADMIN_PROJECT = 'admin';
/** The user for clients: role "member" (one of keystoneauth's operator_roles) on project "stowage", domain Default. */
export const KEYSTONE_PROJECT = 'stowage';
export const KEYSTONE_USER = 'stowage-user';
export const KEYSTONE_PASSWORD = 'stowage-password';
/** Domain name (its id is "default"). */
export const KEYSTONE_DOMAIN = 'Default';
/**
 * keystoneauth's reseller prefix: Keystone projects' accounts are KEY_<project id>. It must differ from
 * tempauth's AUTH_, or whichever of the two comes later in the pipeline overrides the other's authorization.
 */
export const KEYSTONE_RESELLER_PREFIX = 'KEY_';
