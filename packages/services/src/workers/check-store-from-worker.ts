import fs from 'node:fs/promises';
import type { ServiceContext } from '../context';
import { openStoreBackend } from '../stores/open-store-backend';
import type { WorkerStoreHealthInput } from './worker-inputs';

const PROBE_TIMEOUT_MS = 15_000;

/** The mount path of an NFS store, from its stored config; null for other providers. */
export function nfsPathOf(store: { provider: string; config: string }): string | null {
  if (store.provider !== 'nfs') return null;
  const config = JSON.parse(store.config) as { path?: unknown };
  return typeof config.path === 'string' ? config.path : null;
}

/** A stat of an NFS store's path on this machine: null when it is a directory, else what is wrong. */
export async function checkNfsPath(path: string, workerId: string): Promise<string | null> {
  try {
    const stats = await fs.stat(path);
    return stats.isDirectory() ? null : `path ${path} is not a directory on worker ${workerId}`;
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'unknown error';
    return code === 'ENOENT' ? `path ${path} missing on worker ${workerId}` : `path ${path} unreadable on worker ${workerId} (${code})`;
  }
}

/**
 * How a store looks from this worker: for NFS, its path exists here, is a directory and takes writes; for an
 * object store, the provider's probe (a request: call it sparingly).
 */
export async function checkStoreFromWorker(
  ctx: Pick<ServiceContext, 'secrets'>,
  store: { id: string; name: string; provider: string; config: string; secretsSealed: string | null },
  workerId: string,
  pathCheck: (path: string, workerId: string) => Promise<string | null> = checkNfsPath,
): Promise<WorkerStoreHealthInput> {
  const path = nfsPathOf(store);
  if (path !== null) {
    const wrong = await pathCheck(path, workerId);
    if (wrong) return { storeId: store.id, ok: false, error: wrong };
  }
  let backend;
  try {
    backend = openStoreBackend(ctx, store).backend;
  } catch {
    return { storeId: store.id, ok: false, error: `the stored configuration of ${store.name} is no longer valid` };
  }
  const probe = await backend.probe({ signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
  if (probe.ok) return { storeId: store.id, ok: true, error: null };
  return { storeId: store.id, ok: false, error: `${probe.error ?? 'probe failed'} on worker ${workerId}` };
}
