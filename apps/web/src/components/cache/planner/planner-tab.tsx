'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { PlannerView } from '@stowage/core/planner';
import { Button, Card, EmptyState, ErrorBanner, LoadingRows } from '~/components/ui';
import { useAccess } from '~/lib/access';
import { importTrace } from '~/lib/planner';
import { parseError } from '~/lib/trpc-error';
import { useTRPC } from '~/trpc/react';
import { CurveChart } from './curve-chart';
import { ExportLinks } from './export-links';
import { ImportControl } from './import-control';
import { PlannerSentences } from './planner-sentences';
import { PullChart } from './pull-chart';
import { ReplayTable } from './replay-table';
import { TargetInput } from './target-input';
import { usePlannerParams } from './use-planner-params';
import { WindowChooser } from './window-chooser';

export interface PlannerZone {
  id: string;
  name: string;
  mode: string;
}

interface Imported {
  file: File;
  view: PlannerView;
}

function NoHistory({ zone, canImport }: { zone: PlannerZone; canImport: boolean }) {
  return (
    <EmptyState title={`No acquires recorded in ${zone.name} in this window`}>
      <div className="mx-auto max-w-xl space-y-2 text-left" data-testid="planner-empty">
        <p>
          The planner builds its curve from the access history: every acquire by a hypervisor agent in a
          staging or backup zone is recorded (time, object, size), whether it was a hit or a miss. Once agents
          acquire objects in {zone.name}, the curve appears here; a longer window gives a steadier curve.
        </p>
        <p>
          {canImport
            ? 'To plan from another system’s history now, import a trace CSV (columns time,object,size) with the control above.'
            : 'An operator can also import a trace CSV (columns time,object,size) to plan from another system’s history.'}
        </p>
      </div>
    </EmptyState>
  );
}

/** The curve, the sentences, the pull per day and the replay check, for a zone's window or an imported trace. */
function PlannerBody({ view, targetPercent }: { view: PlannerView; targetPercent: number }) {
  return (
    <>
      <Card className="mb-6" testId="planner-summary" title="What the curve says">
        <PlannerSentences view={view} targetPercent={targetPercent} />
      </Card>
      <Card className="mb-6" testId="planner-curve" title="Hit ratio against staging space (log scale)">
        <CurveChart view={view} />
      </Card>
      <div className="mb-6 grid gap-4 lg:grid-cols-2">
        <Card testId="planner-pull" title="Pulled from the object store per day">
          <PullChart view={view} />
        </Card>
        <Card testId="planner-replay-card" title="Check: Stowage's policy replayed">
          <ReplayTable view={view} />
        </Card>
      </div>
    </>
  );
}

/** The Planner tab of the Cache page: how much staging space a zone needs for a hit ratio, from its recorded acquires. */
export function PlannerTab({ zone }: { zone: PlannerZone }) {
  const trpc = useTRPC();
  const { windowDays, targetPercent, update } = usePlannerParams();
  const canImport = useAccess().can('operator');
  const curve = useQuery({
    ...trpc.planner.curve.queryOptions({ zoneId: zone.id, windowDays, targetPercent }),
    // While another window or target loads, the last figures of the same zone stay up.
    placeholderData: (previous) => (previous?.zone?.id === zone.id ? previous : undefined),
    refetchInterval: 60_000,
  });

  const [imported, setImported] = useState<Imported | null>(null);
  const [importError, setImportError] = useState<string | null>(null);
  const importing = useMutation({
    mutationFn: ({ file, target }: { file: File; target: number }) => importTrace(file, target),
  });
  const { mutate } = importing;

  const runImport = (file: File) => {
    setImportError(null);
    mutate(
      { file, target: targetPercent },
      {
        onSuccess: (view) => setImported({ file, view }),
        onError: (error) => setImportError(error.message),
      },
    );
  };

  // A new target re-plans the imported trace too (the server computes the target's size).
  const importedRef = useRef(imported);
  importedRef.current = imported;
  useEffect(() => {
    const current = importedRef.current;
    if (!current) return;
    mutate(
      { file: current.file, target: targetPercent },
      {
        onSuccess: (view) => setImported({ file: current.file, view }),
        onError: (error) => setImportError(error.message),
      },
    );
  }, [targetPercent, mutate]);

  // Another zone: back to its own history.
  useEffect(() => {
    setImported(null);
    setImportError(null);
  }, [zone.id]);

  const backToZone = () => {
    setImported(null);
    setImportError(null);
  };

  const data = curve.data;
  const controls = (
    <Card className="mb-6" testId="planner-controls">
      <div className="flex flex-wrap items-start gap-x-8 gap-y-4">
        <WindowChooser
          value={windowDays}
          onChange={(days) => update({ days })}
          disabled={Boolean(imported)}
        />
        <TargetInput value={targetPercent} onChange={(target) => update({ target })} />
        {imported ? null : <ExportLinks zoneId={zone.id} zoneName={zone.name} windowDays={windowDays} />}
        {canImport ? <ImportControl onFile={runImport} pending={importing.isPending} /> : null}
      </div>
      {importError ? (
        <div className="mt-4" data-testid="planner-import-error">
          <ErrorBanner message={`Could not import the trace: ${importError}`} />
        </div>
      ) : null}
    </Card>
  );

  if (imported) {
    return (
      <>
        {controls}
        <div
          className="mb-6 flex flex-wrap items-center justify-between gap-3 rounded-md border border-indigo-200 bg-indigo-50 px-3 py-2 text-sm text-indigo-900"
          data-testid="planner-imported-banner"
          role="status"
        >
          <span>
            Imported trace: <strong>{imported.file.name}</strong> — not a zone. The figures below are this
            file&apos;s accesses, not {zone.name}&apos;s.
          </span>
          <Button onClick={backToZone}>Back to {zone.name}</Button>
        </div>
        {imported.view.accesses === 0 ? (
          <EmptyState title={`${imported.file.name} holds no accesses`}>
            Each line of a trace is one access: time,object,size.
          </EmptyState>
        ) : (
          <PlannerBody view={imported.view} targetPercent={targetPercent} />
        )}
      </>
    );
  }

  return (
    <>
      {controls}
      {zone.mode !== 'staging' ? (
        <p
          className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-800"
          data-testid="planner-backup-note"
        >
          Zone {zone.name} is in backup mode: the curve answers what a staging cache of each size would have
          served of its recorded acquires, were the zone switched to staging mode.
        </p>
      ) : null}
      {curve.isPending ? (
        <LoadingRows rows={4} label="Loading the planner" />
      ) : curve.isError && !data ? (
        <ErrorBanner message={parseError(curve.error)?.message} />
      ) : !data ? null : (
        <>
          {curve.isError ? (
            <div className="mb-4">
              <ErrorBanner
                message={`Could not refresh: ${parseError(curve.error)?.message ?? 'unknown error'}. Showing the last figures.`}
              />
            </div>
          ) : null}
          {data.accesses === 0 || data.points.length === 0 ? (
            <NoHistory zone={zone} canImport={canImport} />
          ) : (
            <PlannerBody view={data} targetPercent={targetPercent} />
          )}
        </>
      )}
    </>
  );
}
