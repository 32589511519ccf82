import { UploadError } from './trpc-error';

export interface UploadParams {
  name: string;
  kind: string;
  format: string;
  originZoneId: string;
  placement: string;
  zoneIds: string[];
  expectedSha256?: string;
}

export interface UploadProgress {
  bytesDone: number;
  bytesTotal: number;
  /** Average since the upload started, bytes per second. */
  rateBps: number | null;
  etaSeconds: number | null;
}

export interface UploadResult {
  objectId: string;
  jobId: string;
  state: string;
}

/**
 * Sends a file to POST /api/objects/upload as the raw body (the browser sets Content-Length), reporting
 * progress as it goes. XMLHttpRequest rather than fetch: only it reports upload progress. The server answers
 * when every byte is written and checked, so the promise settles with the ingest's outcome.
 */
export function uploadObject(params: UploadParams, file: File, onProgress: (progress: UploadProgress) => void): { done: Promise<UploadResult>; abort: () => void } {
  const query = new URLSearchParams({
    name: params.name,
    kind: params.kind,
    format: params.format,
    originZoneId: params.originZoneId,
    placement: params.placement,
  });
  if (params.zoneIds.length > 0) query.set('zoneIds', params.zoneIds.join(','));
  if (params.expectedSha256) query.set('expectedSha256', params.expectedSha256);

  const xhr = new XMLHttpRequest();
  const done = new Promise<UploadResult>((resolve, reject) => {
    const started = performance.now();
    xhr.open('POST', `/api/objects/upload?${query.toString()}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.responseType = 'json';
    xhr.upload.onprogress = (event) => {
      const total = event.lengthComputable ? event.total : file.size;
      const elapsedS = (performance.now() - started) / 1000;
      const rateBps = elapsedS > 0.2 && event.loaded > 0 ? event.loaded / elapsedS : null;
      onProgress({ bytesDone: event.loaded, bytesTotal: total, rateBps, etaSeconds: rateBps ? Math.max(0, (total - event.loaded) / rateBps) : null });
    };
    xhr.onload = () => {
      const body = xhr.response as { objectId?: string; jobId?: string; state?: string; error?: { message?: string; code?: string; fieldErrors?: Record<string, string[]> | null } } | null;
      if (xhr.status >= 200 && xhr.status < 300 && body?.objectId && body.jobId) {
        resolve({ objectId: body.objectId, jobId: body.jobId, state: body.state ?? 'succeeded' });
        return;
      }
      reject(
        new UploadError(
          body?.error?.message ?? `The upload failed (HTTP ${xhr.status}).`,
          body?.error?.code ?? null,
          body?.error?.fieldErrors ?? {},
          body?.objectId ?? null,
        ),
      );
    };
    xhr.onerror = () => reject(new UploadError('The upload was interrupted: could not reach the Stowage server.', null, {}));
    xhr.onabort = () => reject(new UploadError('The upload was cancelled.', 'ABORTED', {}));
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}
