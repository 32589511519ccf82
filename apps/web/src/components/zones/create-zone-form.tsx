'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ZoneMode } from '@stowage/core';
import { MAX_NAME_LENGTH } from '@stowage/core/domain';
import { Button, ErrorBanner, Field, inputClass } from '~/components/ui';
import { parseError } from '~/lib/trpc-error';
import { useTRPC } from '~/trpc/react';

export function CreateZoneForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [mode, setMode] = useState<ZoneMode>('backup');
  const create = useMutation(
    trpc.zone.create.mutationOptions({
      onSuccess: async () => {
        setName('');
        await Promise.all([
          queryClient.invalidateQueries(trpc.zone.list.pathFilter()),
          queryClient.invalidateQueries(trpc.overview.pathFilter()),
        ]);
      },
    }),
  );
  const error = parseError(create.error);

  return (
    <form
      aria-label="Create zone"
      className="flex flex-wrap items-start gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate({ name, mode });
      }}
    >
      <Field label="Zone name" htmlFor="zone-name" errors={error?.fieldErrors.name}>
        <input
          id="zone-name"
          className={`${inputClass} w-64`}
          value={name}
          maxLength={MAX_NAME_LENGTH}
          onChange={(event) => setName(event.target.value)}
          aria-invalid={Boolean(error?.fieldErrors.name)}
          placeholder="zone-east"
        />
      </Field>
      <Field label="Mode" htmlFor="zone-mode" hint={mode === 'backup' ? 'NFS is the store of record; objects are backed up to object storage.' : 'Object storage is the store of record; NFS is a bounded cache.'}>
        <select id="zone-mode" className={`${inputClass} w-40`} value={mode} onChange={(event) => setMode(event.target.value as ZoneMode)}>
          <option value="backup">backup</option>
          <option value="staging">staging</option>
        </select>
      </Field>
      <div className="pt-6">
        <Button type="submit" variant="primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create zone'}
        </Button>
      </div>
      {error && Object.keys(error.fieldErrors).length === 0 ? (
        <div className="basis-full">
          <ErrorBanner message={error.message} />
        </div>
      ) : null}
    </form>
  );
}
