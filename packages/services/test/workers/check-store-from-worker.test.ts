import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSecretBox } from '../../src/secrets';
import { checkStoreFromWorker } from '../../src/workers/check-store-from-worker';

const secrets = createSecretBox(randomBytes(32));
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-worker-check-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const nfsStore = (dir: string) => ({ id: 's1', name: 'nfs-a', provider: 'nfs', config: JSON.stringify({ path: dir }), secretsSealed: null });

describe('a store as one worker finds it', () => {
  it('an NFS store whose path is a writable directory here is ok', async () => {
    expect(await checkStoreFromWorker({ secrets }, nfsStore(root), 'w-1')).toEqual({ storeId: 's1', ok: true, error: null });
  });

  it('a missing path, or a file where the directory should be, is reported with the path and the worker', async () => {
    const missing = path.join(root, 'not-mounted');
    expect(await checkStoreFromWorker({ secrets }, nfsStore(missing), 'w-3')).toEqual({ storeId: 's1', ok: false, error: `path ${missing} missing on worker w-3` });
    const file = path.join(root, 'a-file');
    fs.writeFileSync(file, 'x');
    expect(await checkStoreFromWorker({ secrets }, nfsStore(file), 'w-3')).toEqual({ storeId: 's1', ok: false, error: `path ${file} is not a directory on worker w-3` });
  });

  it('a configuration that no longer parses is reported, not thrown', async () => {
    const broken = { ...nfsStore(root), provider: 's3', config: '{}' };
    expect(await checkStoreFromWorker({ secrets }, broken, 'w-1')).toMatchObject({ ok: false, error: 'the stored configuration of nfs-a is no longer valid' });
  });
});
