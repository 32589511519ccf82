'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { ErrorBanner } from '~/components/ui';
import { parseError } from '~/lib/trpc-error';
import { useTRPC } from '~/trpc/react';
import { useRegistration } from './registration-fields';
import { RegisterByUrlForm } from './register-by-url-form';
import { UploadForm } from './upload-form';

const TABS = [
  { id: 'url', label: 'From URL' },
  { id: 'upload', label: 'Upload file' },
] as const;
type TabId = (typeof TABS)[number]['id'];

/** Two ways in — a URL the worker downloads, or a file from this browser — over the same registration fields. */
export function RegisterObjectPanel() {
  const trpc = useTRPC();
  const zones = useQuery(trpc.zone.list.queryOptions());
  const registration = useRegistration();
  const [tab, setTab] = useState<TabId>('url');

  if (zones.isPending) return <p className="text-sm text-slate-500">Loading form…</p>;
  if (zones.isError) return <ErrorBanner message={parseError(zones.error)?.message} />;
  if (zones.data.length === 0) {
    return (
      <p className="text-sm text-slate-500">
        Objects land in a zone&apos;s store of record.{' '}
        <Link href="/zones" className="text-indigo-600 hover:underline">
          Create a zone
        </Link>{' '}
        and register its store first.
      </p>
    );
  }

  return (
    <div>
      <div role="tablist" aria-label="How to add the object" className="mb-4 flex gap-1 border-b border-slate-200">
        {TABS.map((candidate) => {
          const selected = candidate.id === tab;
          return (
            <button
              key={candidate.id}
              type="button"
              role="tab"
              id={`register-tab-${candidate.id}`}
              aria-selected={selected}
              aria-controls={`register-panel-${candidate.id}`}
              tabIndex={selected ? 0 : -1}
              onClick={() => setTab(candidate.id)}
              onKeyDown={(event) => {
                if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
                const next = TABS[(TABS.findIndex((item) => item.id === tab) + 1) % TABS.length]!;
                setTab(next.id);
                document.getElementById(`register-tab-${next.id}`)?.focus();
              }}
              className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${selected ? 'border-indigo-600 text-indigo-700' : 'border-transparent text-slate-500 hover:text-slate-800'}`}
            >
              {candidate.label}
            </button>
          );
        })}
      </div>
      <div role="tabpanel" id={`register-panel-${tab}`} aria-labelledby={`register-tab-${tab}`}>
        {tab === 'url' ? <RegisterByUrlForm registration={registration} zones={zones.data} /> : <UploadForm registration={registration} zones={zones.data} />}
      </div>
    </div>
  );
}
