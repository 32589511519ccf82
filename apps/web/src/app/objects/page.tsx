import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ObjectsView } from '~/components/objects/objects-view';
import { LoadingRows, PageHeader } from '~/components/ui';

export const metadata: Metadata = { title: 'Objects' };

export default function ObjectsPage() {
  // The filters are read from the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense
      fallback={
        <>
          <PageHeader title="Objects" />
          <LoadingRows rows={6} label="Loading objects" />
        </>
      }
    >
      <ObjectsView />
    </Suspense>
  );
}
