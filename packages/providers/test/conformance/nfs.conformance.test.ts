import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { nfsProvider } from '../../src/nfs/nfs-provider';
import { describeConformance } from './suite';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-nfs-conformance-'));
const denied = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-nfs-denied-'));
const isRoot = process.getuid?.() === 0;
// Root ignores permission bits: an immutable directory is the one even root cannot write into.
if (isRoot) execFileSync('chattr', ['+i', denied]);
else fs.chmodSync(denied, 0o555);

afterAll(() => {
  if (isRoot) execFileSync('chattr', ['-i', denied]);
  fs.rmSync(denied, { recursive: true, force: true });
  fs.rmSync(root, { recursive: true, force: true });
});

describeConformance('nfs', {
  backend: () => nfsProvider.open({ path: root }),
  deniedBackend: () => nfsProvider.open({ path: denied }),
  unreachableBackend: () => nfsProvider.open({ path: path.join(root, 'unmounted-export') }),
  unreachableWithinMs: 2_000,
});
