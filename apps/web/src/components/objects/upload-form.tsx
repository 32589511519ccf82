'use client';

import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRef, useState } from 'react';
import type { ObjectFormat } from '@stowage/core';
import { MAX_NAME_LENGTH } from '@stowage/core/domain';
import type { ZoneView } from '@stowage/services';
import { ProgressBar } from '~/components/progress-bar';
import { Button, ErrorBanner, Field, inputClass } from '~/components/ui';
import { formatBytes } from '~/lib/format';
import { OBJECT_FORMAT_OPTIONS } from '~/lib/labels';
import { parseError, UploadError } from '~/lib/trpc-error';
import { uploadObject, type UploadProgress } from '~/lib/upload';
import { useTRPC } from '~/trpc/react';
import { REGISTRATION_FIELDS, RegistrationFields, registrationInput, type useRegistration } from './registration-fields';

type UploadStatus =
  | { phase: 'idle' }
  | { phase: 'uploading'; progress: UploadProgress; abort: () => void }
  | { phase: 'done'; objectId: string; name: string }
  | { phase: 'failed'; error: UploadError };

/** A format named by the file's extension, when it is one Stowage knows. */
function formatFromFileName(name: string): ObjectFormat | null {
  const extension = name.split('.').pop()?.toLowerCase() ?? '';
  if (extension === 'img') return 'raw';
  return (OBJECT_FORMAT_OPTIONS as readonly string[]).includes(extension) ? (extension as ObjectFormat) : null;
}

/** Upload a file from the browser, streamed into the origin zone's store of record, with live progress. */
export function UploadForm({ registration, zones }: { registration: ReturnType<typeof useRegistration>; zones: ZoneView[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const fileInput = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [status, setStatus] = useState<UploadStatus>({ phase: 'idle' });
  const error = status.phase === 'failed' ? parseError(status.error) : null;
  const fieldErrors = error?.fieldErrors ?? {};
  const fileErrors = [...(fieldErrors.file ?? []), ...(fieldErrors.sizeBytes ?? [])];
  const otherError = error && ![...REGISTRATION_FIELDS, 'file', 'sizeBytes'].some((field) => fieldErrors[field]);
  const uploading = status.phase === 'uploading';

  const submit = () => {
    if (!file) {
      setStatus({ phase: 'failed', error: new UploadError('Choose a file to upload.', 'BAD_REQUEST', { file: ['Choose a file to upload'] }) });
      return;
    }
    const input = registrationInput(registration.value);
    const upload = uploadObject(input, file, (progress) => setStatus({ phase: 'uploading', progress, abort: upload.abort }));
    setStatus({ phase: 'uploading', progress: { bytesDone: 0, bytesTotal: file.size, rateBps: null, etaSeconds: null }, abort: upload.abort });
    upload.done
      .then((result) => {
        setStatus({ phase: 'done', objectId: result.objectId, name: input.name });
        setFile(null);
        if (fileInput.current) fileInput.current.value = '';
        registration.reset();
      })
      .catch((reason: unknown) => {
        setStatus({ phase: 'failed', error: reason instanceof UploadError ? reason : new UploadError('The upload failed.', null, {}) });
      })
      .finally(() => {
        void queryClient.invalidateQueries(trpc.object.list.pathFilter());
        void queryClient.invalidateQueries(trpc.job.pathFilter());
      });
  };

  return (
    <form
      aria-label="Upload object file"
      className="grid gap-4 md:grid-cols-2"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <div className="md:col-span-2">
        <Field label="File" htmlFor="object-file" errors={fileErrors.length > 0 ? fileErrors : undefined} hint={file ? `${file.name} · ${formatBytes(file.size)}` : 'Streamed to the store of record and hashed on the way; never held in memory.'}>
          <input
            ref={fileInput}
            id="object-file"
            type="file"
            disabled={uploading}
            className={`${inputClass} file:mr-3 file:rounded file:border-0 file:bg-slate-100 file:px-2 file:py-1 file:text-sm file:font-medium file:text-slate-700`}
            aria-invalid={fileErrors.length > 0}
            onChange={(event) => {
              const chosen = event.target.files?.[0] ?? null;
              setFile(chosen);
              if (status.phase !== 'uploading') setStatus({ phase: 'idle' });
              if (!chosen) return;
              const format = formatFromFileName(chosen.name);
              const base = chosen.name.replace(/\.[^.]+$/, '').replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, MAX_NAME_LENGTH);
              registration.update({ ...(format ? { format } : {}), ...(registration.value.name ? {} : { name: base }) });
            }}
          />
        </Field>
      </div>
      <RegistrationFields idPrefix="object" value={registration.value} update={registration.update} zones={zones} fieldErrors={fieldErrors} />
      <div className="flex flex-wrap items-center gap-3 md:col-span-2">
        <Button type="submit" variant="primary" disabled={uploading}>
          {uploading ? 'Uploading…' : 'Upload'}
        </Button>
        {uploading ? (
          <Button variant="ghost" onClick={status.abort}>
            Cancel upload
          </Button>
        ) : null}
        {error && !otherError ? <span className="text-sm text-red-700">Fix the fields marked above.</span> : null}
        {status.phase === 'done' ? (
          <span role="status" className="text-sm text-emerald-700">
            {status.name} uploaded and checked.{' '}
            <Link href={`/objects/${status.objectId}`} className="font-medium text-indigo-600 hover:underline">
              View it
            </Link>
          </span>
        ) : null}
      </div>
      {uploading ? (
        <div className="md:col-span-2">
          <ProgressBar label="Upload progress" {...status.progress} />
          {status.progress.bytesDone >= status.progress.bytesTotal ? <p className="mt-1 text-xs text-slate-500">Every byte sent; waiting for the store to confirm…</p> : null}
        </div>
      ) : null}
      {otherError ? (
        <div className="space-y-1 md:col-span-2">
          <ErrorBanner message={error.message} />
          {status.phase === 'failed' && status.error.objectId ? (
            <Link href={`/objects/${status.error.objectId}`} className="text-sm text-indigo-600 hover:underline">
              See the failed object
            </Link>
          ) : null}
        </div>
      ) : null}
    </form>
  );
}
