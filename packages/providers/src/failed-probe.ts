import type { ProbeResult } from './contract';
import { isStorageError } from './storage-error';

/** The probe result of a store that did not answer: never thrown, always reported. */
export function failedProbe(startedAt: number, error: unknown): ProbeResult {
  return {
    ok: false,
    latencyMs: Math.round(performance.now() - startedAt),
    totalBytes: null,
    freeBytes: null,
    error: isStorageError(error) ? error.message : 'Probe failed',
  };
}
