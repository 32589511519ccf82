import { numberToBytes } from '@stowage/db';
import type { ProbeResult } from '@stowage/providers';

/** The Store columns one probe writes. */
export function probeResultData(result: ProbeResult, at: Date) {
  return {
    lastProbeAt: at,
    lastProbeOk: result.ok,
    lastProbeError: result.error,
    lastProbeLatencyMs: result.latencyMs,
    probedTotalBytes: numberToBytes(result.totalBytes),
    probedFreeBytes: numberToBytes(result.freeBytes),
  };
}
