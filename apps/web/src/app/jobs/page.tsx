import type { Metadata } from 'next';
import { Suspense } from 'react';
import { JobsView } from '~/components/jobs/jobs-view';
import { LoadingRows, PageHeader } from '~/components/ui';

export const metadata: Metadata = { title: 'Jobs' };

export default function JobsPage() {
  // The filters, sort and page are read from the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense
      fallback={
        <>
          <PageHeader title="Jobs" />
          <LoadingRows rows={6} label="Loading jobs" />
        </>
      }
    >
      <JobsView />
    </Suspense>
  );
}
