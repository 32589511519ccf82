import { randomBytes, randomUUID, createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { countOf, entityId } from '@stowage/core';
import { isStorageError, readVerified } from '@stowage/providers';
import type { ServiceContext } from '../context';
import { recordEvent } from '../events/record-event';
import { findStoreOrThrow } from './get-store';
import { openStoreBackend } from './open-store-backend';

export const validateStoreInput = z.object({ storeId: entityId });

export interface ValidationCheck {
  name: string;
  /** passed, failed, or skipped because an earlier check it depends on failed. */
  outcome: 'passed' | 'failed' | 'skipped';
  detail: string;
  durationMs: number;
}

export interface StoreValidation {
  storeId: string;
  passed: boolean;
  checks: ValidationCheck[];
  latencyMs: number | null;
  uploadMiBps: number | null;
  downloadMiBps: number | null;
  at: Date;
}

const SMALL_BYTES = 256 * 1024;
const THROUGHPUT_BYTES = 16 * 1024 * 1024;
const MiB = 1024 * 1024;

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

function reason(error: unknown): string {
  return isStorageError(error) ? `${error.code}: ${error.message}` : 'Unexpected error';
}

/**
 * The live check an admin runs before trusting a store: reachability, write, read back with checksum,
 * range read, listing, a refused mismatching write, throughput, delete. Every check reports pass or
 * fail with its reason; only probe objects under `stowage-validate/` are written, and they are removed.
 */
export async function validateStore(
  ctx: ServiceContext,
  input: z.input<typeof validateStoreInput>,
): Promise<StoreValidation> {
  const { storeId } = validateStoreInput.parse(input);
  const store = await findStoreOrThrow(ctx.db, storeId);
  const { backend } = openStoreBackend(ctx, store);
  const signal = AbortSignal.timeout(120_000);
  const run = `stowage-validate/${randomUUID()}`;
  const smallKey = `${run}/small.bin`;
  const bigKey = `${run}/throughput.bin`;
  const small = randomBytes(SMALL_BYTES);
  const checks: ValidationCheck[] = [];
  const failed = new Set<string>();
  let latencyMs: number | null = null;
  let uploadMiBps: number | null = null;
  let downloadMiBps: number | null = null;

  const check = async (name: string, needs: string[], body: () => Promise<string>) => {
    if (needs.some((dependency) => failed.has(dependency))) {
      checks.push({ name, outcome: 'skipped', detail: `Skipped: "${needs.find((n) => failed.has(n))}" failed`, durationMs: 0 });
      failed.add(name);
      return;
    }
    const started = performance.now();
    try {
      const detail = await body();
      checks.push({ name, outcome: 'passed', detail, durationMs: Math.round(performance.now() - started) });
    } catch (error) {
      failed.add(name);
      const detail = error instanceof ValidationFailure ? error.message : reason(error);
      checks.push({ name, outcome: 'failed', detail, durationMs: Math.round(performance.now() - started) });
    }
  };

  await check('Reachable', [], async () => {
    const probe = await backend.probe({ signal });
    if (!probe.ok) throw new ValidationFailure(probe.error ?? 'The probe failed');
    latencyMs = probe.latencyMs;
    return `Answered in ${probe.latencyMs} ms`;
  });
  await check('Write', ['Reachable'], async () => {
    const put = await backend.put(smallKey, Readable.from([small]), { size: small.length, sha256: sha256(small), signal });
    if (put.sha256 !== sha256(small)) throw new ValidationFailure('The store reported a different sha256');
    return `Wrote ${SMALL_BYTES / 1024} KiB`;
  });
  await check('Read back with checksum', ['Write'], async () => {
    const read = await readVerified(backend, smallKey, { sha256: sha256(small), size: small.length, signal });
    return `sha256 ${read.sha256.slice(0, 12)}… matches`;
  });
  await check('Metadata', ['Write'], async () => {
    const info = await backend.head(smallKey, { signal });
    if (info.size !== small.length) throw new ValidationFailure(`Size ${info.size}, expected ${small.length}`);
    return info.sha256 ? 'Size and stored sha256 match' : 'Size matches';
  });
  await check('Range read', ['Write'], async () => {
    const part = await collect(await backend.get(smallKey, { range: { start: 1000, end: 1999 }, signal }));
    if (!part.equals(small.subarray(1000, 2000))) throw new ValidationFailure('Bytes 1000–1999 differ');
    return 'Bytes 1000–1999 match';
  });
  await check('List', ['Write'], async () => {
    const page = await backend.list(`${run}/`, { signal });
    if (!page.items.some((item) => item.key === smallKey)) throw new ValidationFailure('The probe object is not listed');
    return `Listed ${countOf(page.items.length, 'object')} under the probe prefix`;
  });
  await check('Refuses corrupt writes', ['Reachable'], async () => {
    const corruptKey = `${run}/corrupt.bin`;
    try {
      await backend.put(corruptKey, Readable.from([small]), { sha256: sha256(Buffer.from('something else')), signal });
    } catch (error) {
      if (isStorageError(error) && error.code === 'ChecksumMismatch') {
        const left = await backend.head(corruptKey, { signal }).then(() => true, () => false);
        if (left) throw new ValidationFailure('A write that failed its checksum is visible');
        return 'A mismatching write was refused and left nothing';
      }
      throw error;
    }
    throw new ValidationFailure('A write with the wrong sha256 was accepted');
  });
  await check('Throughput', ['Write'], async () => {
    const data = randomBytes(THROUGHPUT_BYTES);
    let started = performance.now();
    await backend.put(bigKey, Readable.from(chunks(data)), { size: data.length, signal });
    uploadMiBps = round(THROUGHPUT_BYTES / MiB / ((performance.now() - started) / 1000));
    started = performance.now();
    await readVerified(backend, bigKey, { sha256: sha256(data), signal });
    downloadMiBps = round(THROUGHPUT_BYTES / MiB / ((performance.now() - started) / 1000));
    return `${THROUGHPUT_BYTES / MiB} MiB up at ${uploadMiBps} MiB/s, down at ${downloadMiBps} MiB/s`;
  });
  await check('Delete', ['Write'], async () => {
    await backend.delete(smallKey, { signal });
    await backend.delete(bigKey, { signal });
    await backend.delete(smallKey, { signal });
    const gone = await backend.head(smallKey, { signal }).then(() => false, (error) => isStorageError(error) && error.code === 'NotFound');
    if (!gone) throw new ValidationFailure('The probe object is still there after delete');
    return 'Deleted, and deleting again succeeds';
  });

  const passed = checks.every((entry) => entry.outcome === 'passed');
  await recordEvent(ctx.db, {
    actor: ctx.actor,
    type: passed ? 'store.validated' : 'store.validation_failed',
    message: passed
      ? `Store ${store.name} passed validation`
      : `Store ${store.name} failed validation: ${checks.filter((entry) => entry.outcome === 'failed').map((entry) => entry.name).join(', ')}`,
    severity: passed ? 'info' : 'warning',
    storeId: store.id,
    zoneId: store.zoneId,
  });
  return { storeId, passed, checks, latencyMs, uploadMiBps, downloadMiBps, at: new Date() };
}

class ValidationFailure extends Error {}

function round(value: number) {
  return Math.round(value * 10) / 10;
}

function* chunks(data: Buffer, size = MiB) {
  for (let offset = 0; offset < data.length; offset += size) yield data.subarray(offset, offset + size);
}

async function collect(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.from(part as Buffer));
  return Buffer.concat(parts);
}

