'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { MAX_NAME_LENGTH } from '@stowage/core/domain';
import type { ZoneView } from '@stowage/services';
import { Badge, Button, inputClass } from '~/components/ui';
import { ZoneModeDialog } from './zone-mode-dialog';
import { parseError } from '~/lib/trpc-error';
import { useTRPC } from '~/trpc/react';

/** One zone; `canEdit` (admins) adds rename, mode and delete. */
export function ZoneRow({ zone, canEdit }: { zone: ZoneView; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(zone.name);
  const invalidate = () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.zone.list.pathFilter()),
      queryClient.invalidateQueries(trpc.overview.pathFilter()),
      queryClient.invalidateQueries(trpc.store.list.pathFilter()),
      queryClient.invalidateQueries(trpc.store.page.pathFilter()),
    ]);
  const rename = useMutation(trpc.zone.rename.mutationOptions({ onSuccess: async () => { setEditing(false); await invalidate(); } }));
  const remove = useMutation(trpc.zone.delete.mutationOptions({ onSuccess: invalidate }));
  const error = parseError(rename.error ?? remove.error);
  const [reviewing, setReviewing] = useState(false);
  const modeButton = useRef<HTMLButtonElement>(null);
  const closeReview = useCallback(() => setReviewing(false), []);
  const focusModeButton = useCallback(() => modeButton.current?.focus(), []);
  const otherMode = zone.mode === 'backup' ? 'staging' : 'backup';

  return (
    <>
      <tr data-testid={`zone-row-${zone.name}`} className="border-t border-slate-100 align-middle">
        <td className="py-3 pr-4">
          {editing ? (
            <form
              className="flex items-center gap-2"
              onSubmit={(event) => {
                event.preventDefault();
                rename.mutate({ zoneId: zone.id, name });
              }}
            >
              <input aria-label={`New name for ${zone.name}`} className={`${inputClass} w-48`} value={name} maxLength={MAX_NAME_LENGTH} onChange={(event) => setName(event.target.value)} autoFocus />
              <Button type="submit" variant="primary" disabled={rename.isPending}>Save</Button>
              <Button variant="ghost" onClick={() => { setEditing(false); setName(zone.name); rename.reset(); }}>Cancel</Button>
            </form>
          ) : (
            <span className="font-medium [overflow-wrap:anywhere]">{zone.name}</span>
          )}
        </td>
        <td className="py-3 pr-4">
          <div className="flex flex-wrap items-center gap-2">
            <span data-testid="zone-mode">{zone.mode}</span>
            {canEdit ? (
              <Button ref={modeButton} onClick={() => setReviewing(true)} aria-haspopup="dialog">
                {/* Named "Switch <zone> to <mode> mode…" by its text, the zone and "mode" for screen readers only. */}
                Switch <span className="sr-only">{zone.name} </span>to {otherMode}
                <span className="sr-only"> mode</span>…
              </Button>
            ) : null}
          </div>
          {reviewing ? <ZoneModeDialog zone={zone} to={otherMode} onClose={closeReview} returnFocus={focusModeButton} /> : null}
        </td>
        <td className="py-3 pr-4">
          <Badge>{zone.storeCount} store{zone.storeCount === 1 ? '' : 's'}</Badge>
        </td>
        {canEdit ? (
          <td className="py-3 text-right">
            <div className="flex justify-end gap-2">
              {!editing ? <Button onClick={() => setEditing(true)}>Rename</Button> : null}
              <Button
                variant="danger"
                disabled={remove.isPending}
                onClick={() => {
                  if (window.confirm(`Delete zone ${zone.name}?`)) remove.mutate({ zoneId: zone.id });
                }}
              >
                Delete
              </Button>
            </div>
          </td>
        ) : null}
      </tr>
      {error ? (
        <tr>
          <td colSpan={4} className="pb-3">
            <p role="alert" className="text-sm text-red-700">
              {error.fieldErrors.name?.join(' ') ?? error.message}
            </p>
          </td>
        </tr>
      ) : null}
    </>
  );
}
