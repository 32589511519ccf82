import { RING_PART_POWER, SYSTEM_PYTHON } from './constants';
import { describeFailure, runCommand } from './run-command';

export interface RingSpec {
  /** e.g. "account", "container", "object", "object-1" */
  name: string;
  port: number;
}

// Builds <swiftDir>/<name>.ring.gz for each spec: one device "d1" on 127.0.0.1:<port>, one replica.
// Also checks that the devices dir supports user xattrs (Swift keeps object metadata in them).
const BUILD_RINGS_PY = `
import json, os, sys
from swift.common.ring import RingBuilder
swift_dir, devices_dir, part_power, specs = sys.argv[1], sys.argv[2], int(sys.argv[3]), json.loads(sys.argv[4])
try:
    os.setxattr(devices_dir, 'user.stowage.probe', b'1')
    os.removexattr(devices_dir, 'user.stowage.probe')
except OSError as e:
    sys.exit('the filesystem of %s does not support user xattrs, which Swift needs (%s); pass another baseDir' % (devices_dir, e))
for spec in specs:
    builder = RingBuilder(part_power, 1, 1)
    builder.add_dev({'id': 0, 'region': 1, 'zone': 1, 'ip': '127.0.0.1', 'port': spec['port'],
                     'replication_ip': '127.0.0.1', 'replication_port': spec['port'],
                     'device': 'd1', 'weight': 1.0, 'meta': ''})
    builder.rebalance()
    builder.get_ring().save(os.path.join(swift_dir, spec['name'] + '.ring.gz'))
`;

/** Builds the rings with Debian's python3 and swift.common.ring.RingBuilder (about 1 s, mostly imports). */
export async function buildRings(
  swiftDir: string,
  devicesDir: string,
  specs: readonly RingSpec[],
): Promise<void> {
  const result = await runCommand(
    SYSTEM_PYTHON,
    ['-c', BUILD_RINGS_PY, swiftDir, devicesDir, String(RING_PART_POWER), JSON.stringify(specs)],
    { timeoutMs: 60_000 },
  );
  if (result.code !== 0) throw new Error(describeFailure('building Swift rings', result));
}
