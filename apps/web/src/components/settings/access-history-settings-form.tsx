'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, ErrorBanner, Field, inputClass } from '~/components/ui';
import { parseError } from '~/lib/trpc-error';
import { RoleHint } from '~/components/role-hint';
import { useAccess } from '~/lib/access';
import { useTRPC } from '~/trpc/react';

interface AccessHistorySettings {
  recording: boolean;
  retentionDays: number;
  maxRows: number;
}

/** Whether every acquire is recorded for the capacity planner, and how much of that history is kept. */
export function AccessHistorySettingsForm({ initial }: { initial: AccessHistorySettings }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [recording, setRecording] = useState(initial.recording);
  const [days, setDays] = useState(String(initial.retentionDays));
  const [rows, setRows] = useState(String(initial.maxRows));
  const [saved, setSaved] = useState(false);
  const readOnly = !useAccess().can('admin');
  const update = useMutation(
    trpc.settings.updateAccessHistory.mutationOptions({
      onSuccess: async () => {
        setSaved(true);
        await queryClient.invalidateQueries(trpc.settings.accessHistory.pathFilter());
      },
    }),
  );
  const error = parseError(update.error);
  const fieldErrors = error?.fieldErrors ?? {};
  const changed = () => setSaved(false);
  const number = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

  return (
    <form
      aria-label="Access history settings"
      noValidate
      className="grid max-w-3xl gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        if (readOnly) return;
        setSaved(false);
        update.mutate({ recording, retentionDays: number(days), maxRows: number(rows) });
      }}
    >
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          className="h-4 w-4 rounded border-slate-300 focus-visible:ring-2 focus-visible:ring-indigo-500"
          checked={recording}
          disabled={readOnly}
          onChange={(event) => {
            setRecording(event.target.checked);
            changed();
          }}
        />
        Record every acquire (time, zone, store, object, size, hit or miss) for the capacity planner
      </label>
      <div className="flex flex-wrap gap-6">
        <Field
          label="Keep for (days)"
          htmlFor="history-days"
          errors={fieldErrors.retentionDays}
          hint="1 to 3,650. The Planner offers windows up to 90 days."
        >
          <input
            id="history-days"
            className={`${inputClass} w-32`}
            type="number"
            min={1}
            max={3650}
            readOnly={readOnly}
            value={days}
            aria-invalid={Boolean(fieldErrors.retentionDays)}
            onChange={(event) => {
              setDays(event.target.value);
              changed();
            }}
          />
        </Field>
        <Field
          label="Keep at most (accesses)"
          htmlFor="history-rows"
          errors={fieldErrors.maxRows}
          hint="10,000 to 100,000,000; the oldest go first. About 100 bytes each."
        >
          <input
            id="history-rows"
            className={`${inputClass} w-44`}
            type="number"
            min={10000}
            max={100000000}
            readOnly={readOnly}
            value={rows}
            aria-invalid={Boolean(fieldErrors.maxRows)}
            onChange={(event) => {
              setRows(event.target.value);
              changed();
            }}
          />
        </Field>
      </div>
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
        </div>
      )}
      {error && Object.keys(fieldErrors).length === 0 ? <ErrorBanner message={error.message} /> : null}
    </form>
  );
}
