'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import type { ZoneView } from '@stowage/services';
import { Button, ErrorBanner, Field, inputClass } from '~/components/ui';
import { parseError } from '~/lib/trpc-error';
import { useTRPC } from '~/trpc/react';
import { REGISTRATION_FIELDS, RegistrationFields, registrationInput, type useRegistration } from './registration-fields';

/** Register an object the worker downloads from a URL; a refused URL is reported under the URL field. */
export function RegisterByUrlForm({ registration, zones }: { registration: ReturnType<typeof useRegistration>; zones: ZoneView[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [url, setUrl] = useState('');
  const [created, setCreated] = useState<{ objectId: string; name: string } | null>(null);
  const register = useMutation(
    trpc.object.registerByUrl.mutationOptions({
      onSuccess: async (result, input) => {
        setCreated({ objectId: result.objectId, name: input.name });
        setUrl('');
        registration.reset();
        await Promise.all([queryClient.invalidateQueries(trpc.object.list.pathFilter()), queryClient.invalidateQueries(trpc.job.pathFilter())]);
      },
    }),
  );
  const error = parseError(register.error);
  const fieldErrors = error?.fieldErrors ?? {};
  const otherError = error && ![...REGISTRATION_FIELDS, 'url'].some((field) => fieldErrors[field]);

  return (
    <form
      aria-label="Register object from URL"
      className="grid gap-4 md:grid-cols-2"
      onSubmit={(event) => {
        event.preventDefault();
        setCreated(null);
        register.mutate({ ...registrationInput(registration.value), url });
      }}
    >
      <div className="md:col-span-2">
        <Field
          label="URL"
          htmlFor="object-url"
          errors={fieldErrors.url}
          hint="HTTP or HTTPS. Addresses inside private, loopback, link-local or metadata networks are refused unless allowed in Settings."
        >
          <input
            id="object-url"
            className={`${inputClass} font-mono`}
            value={url}
            maxLength={2048}
            spellCheck={false}
            autoComplete="off"
            placeholder="https://cloud-images.example.org/ubuntu-24.04.qcow2"
            aria-invalid={Boolean(fieldErrors.url)}
            aria-describedby={fieldErrors.url ? 'object-url-error' : undefined}
            onChange={(event) => setUrl(event.target.value)}
          />
        </Field>
      </div>
      <RegistrationFields idPrefix="object" value={registration.value} update={registration.update} zones={zones} fieldErrors={fieldErrors} />
      <div className="flex flex-wrap items-center gap-3 md:col-span-2">
        <Button type="submit" variant="primary" disabled={register.isPending}>
          {register.isPending ? 'Checking the URL…' : 'Register and download'}
        </Button>
        {error && !otherError ? <span className="text-sm text-red-700">Fix the fields marked above.</span> : null}
        {created ? (
          <span role="status" className="text-sm text-emerald-700">
            {created.name} registered: the download is queued.{' '}
            <Link href={`/objects/${created.objectId}`} className="font-medium text-indigo-600 hover:underline">
              Watch it
            </Link>
          </span>
        ) : null}
      </div>
      {otherError ? (
        <div className="md:col-span-2">
          <ErrorBanner message={error.message} />
        </div>
      ) : null}
    </form>
  );
}
