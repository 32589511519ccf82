/* The web app's process (what the supervisor starts as "the web app") refuses a bad STOWAGE_WEB_PROCESSES before it serves anything. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const WEB = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web');

describe('STOWAGE_WEB_PROCESSES', () => {
  it.each(['0', '33', '2.5', '-1', 'two', '1e1'])('"%s" is refused with the reason, and nothing starts', (value) => {
    const run = spawnSync(process.execPath, ['server/main.mjs'], { cwd: WEB, env: { ...process.env, STOWAGE_WEB_PROCESSES: value, PORT: '1' }, encoding: 'utf8', timeout: 30_000 });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(`Invalid environment: STOWAGE_WEB_PROCESSES must be a whole number from 1 to 32, not "${value}"`);
    expect(run.stdout).not.toContain('[web] serving');
  });
});
