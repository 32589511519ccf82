import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SWIFT_CONF_FILE } from './constants';

const MINIMAL_SWIFT_CONF = `# Written by @stowage/object-store-server because this file was missing.
[swift-hash]
swift_hash_path_suffix = changeme
swift_hash_path_prefix = changeme

[storage-policy:0]
name = Policy-0
default = yes
`;

/**
 * Swift always reads /etc/swift/swift.conf (hash prefix/suffix, storage policies), whatever swift_dir says.
 * Debian's "swift" package ships a working one; write a minimal one when it is missing.
 * Returns the storage policy indexes it defines (an object ring is needed for each; 0 always).
 */
export async function ensureSwiftConf(): Promise<number[]> {
  let text: string;
  try {
    text = await readFile(SWIFT_CONF_FILE, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    try {
      await mkdir(dirname(SWIFT_CONF_FILE), { recursive: true });
      await writeFile(SWIFT_CONF_FILE, MINIMAL_SWIFT_CONF, { flag: 'wx' });
    } catch (writeError) {
      if ((writeError as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new Error(
          `${SWIFT_CONF_FILE} is missing and could not be written (${(writeError as Error).message}); ` +
            `Swift reads its hash prefix/suffix only from there. Create it as root with:\n${MINIMAL_SWIFT_CONF}`,
        );
      }
    }
    text = await readFile(SWIFT_CONF_FILE, 'utf8');
  }
  if (!/^\s*swift_hash_path_(suffix|prefix)\s*=\s*\S/m.test(text)) {
    throw new Error(
      `${SWIFT_CONF_FILE} sets neither swift_hash_path_suffix nor swift_hash_path_prefix in [swift-hash]`,
    );
  }
  const indexes = new Set<number>([0]);
  for (const match of text.matchAll(/^\s*\[storage-policy:(\d+)\]/gm)) indexes.add(Number(match[1]));
  return [...indexes].sort((a, b) => a - b);
}
