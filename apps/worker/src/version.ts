import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** What this worker runs, for the Workers page: the product's version and, in a git checkout, the short commit. */
export function productVersion(): string {
  let version: string | null = null;
  try {
    version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? null;
  } catch {
    // No package.json beside the code: the version stays unknown.
  }
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 2000 }).trim();
    if (commit) return version ? `${version} (${commit})` : `commit ${commit}`;
  } catch {
    // Not a git checkout, or no git: the version alone.
  }
  return version ?? 'unknown';
}
