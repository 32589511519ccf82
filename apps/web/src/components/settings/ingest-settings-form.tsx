'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, ErrorBanner, Field, inputClass } from '~/components/ui';
import { bytesToGib, gibToBytes } from '~/lib/format';
import { parseError } from '~/lib/trpc-error';
import { RoleHint } from '~/components/role-hint';
import { useAccess } from '~/lib/access';
import { useTRPC } from '~/trpc/react';

/** Errors about one list field, whether keyed by the field ("allowedNetworks") or by an entry ("allowedNetworks.2"). */
function errorsUnder(fieldErrors: Record<string, string[]>, field: string): string[] | undefined {
  const found = Object.entries(fieldErrors)
    .filter(([key]) => key === field || key.startsWith(`${field}.`))
    .flatMap(([key, messages]) => {
      const index = key.slice(field.length + 1);
      return index ? messages.map((message) => `Line ${Number(index) + 1}: ${message}`) : messages;
    });
  return found.length > 0 ? found : undefined;
}

/** Which non-public networks URL ingest may reach, and how large an object may be. */
export function IngestSettingsForm({ initial }: { initial: { allowedNetworks: string[]; maxBytes: number } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [networks, setNetworks] = useState(initial.allowedNetworks.join('\n'));
  const [maxGib, setMaxGib] = useState(String(Number(bytesToGib(initial.maxBytes).toFixed(3))));
  const [saved, setSaved] = useState(false);
  // Anyone may read the settings; only an admin changes them.
  const readOnly = !useAccess().can('admin');
  const update = useMutation(
    trpc.settings.updateIngest.mutationOptions({
      onSuccess: async (result) => {
        setNetworks(result.allowedNetworks.join('\n'));
        setSaved(true);
        await queryClient.invalidateQueries(trpc.settings.ingest.pathFilter());
      },
    }),
  );
  const error = parseError(update.error);
  const networkErrors = error ? errorsUnder(error.fieldErrors, 'allowedNetworks') : undefined;
  const sizeErrors = error?.fieldErrors.maxBytes;

  return (
    <form
      aria-label="URL ingest settings"
      className="grid max-w-3xl gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        if (readOnly) return;
        setSaved(false);
        const allowedNetworks = networks
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean);
        update.mutate({ allowedNetworks, maxBytes: maxGib.trim() === '' ? Number.NaN : gibToBytes(Number(maxGib)) });
      }}
    >
      <Field
        label="Allowed networks"
        htmlFor="ingest-allowed-networks"
        errors={networkErrors}
        hint="One IP address or CIDR network per line, e.g. 10.20.0.0/16 or 127.0.0.1/32. URLs whose host resolves into a loopback, private, link-local or other non-public address are refused unless the address is in a network listed here. Cloud metadata addresses (169.254.169.254…) are always refused. Leave empty to refuse every non-public address."
      >
        <textarea
          id="ingest-allowed-networks"
          className={`${inputClass} min-h-28 font-mono`}
          value={networks}
          rows={5}
          spellCheck={false}
          placeholder={readOnly ? 'None: every non-public address is refused.' : '10.20.0.0/16\n192.168.4.17'}
          readOnly={readOnly}
          aria-invalid={Boolean(networkErrors)}
          onChange={(event) => {
            setNetworks(event.target.value);
            setSaved(false);
          }}
        />
      </Field>
      <Field label="Maximum object size (GiB)" htmlFor="ingest-max-size" errors={sizeErrors} hint="Downloads and uploads larger than this are refused before they fill a store.">
        <input
          id="ingest-max-size"
          className={`${inputClass} w-48`}
          type="number"
          min={0}
          step="any"
          readOnly={readOnly}
          value={maxGib}
          aria-invalid={Boolean(sizeErrors)}
          onChange={(event) => {
            setMaxGib(event.target.value);
            setSaved(false);
          }}
        />
      </Field>
      {readOnly ? (
        <RoleHint access="admin" what="Changing these settings" />
      ) : (
        <div className="flex items-center gap-3">
          <Button type="submit" variant="primary" disabled={update.isPending}>
            {update.isPending ? 'Saving…' : 'Save'}
          </Button>
          {saved ? (
            <span role="status" className="text-sm text-emerald-700">
              Saved.
            </span>
          ) : null}
          {error && (networkErrors || sizeErrors) ? <span className="text-sm text-red-700">Fix the fields marked above.</span> : null}
        </div>
      )}
      {error && !networkErrors && !sizeErrors ? <ErrorBanner message={error.message} /> : null}
    </form>
  );
}
