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
