import type { Metadata } from 'next';
import { Suspense } from 'react';
import { RegionMatrixView } from '~/components/objects/region-matrix-view';
import { LoadingRows, PageHeader } from '~/components/ui';

export const metadata: Metadata = { title: 'Region matrix' };

export default function RegionMatrixPage() {
  // The filters are read from the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense
      fallback={
        <>
          <PageHeader title="Region matrix" />
          <LoadingRows rows={6} label="Loading the matrix" />
        </>
      }
    >
      <RegionMatrixView />
    </Suspense>
  );
}
