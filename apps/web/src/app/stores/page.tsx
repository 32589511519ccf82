import type { Metadata } from 'next';
import { Suspense } from 'react';
import { StoresView } from '~/components/stores/stores-view';
import { LoadingRows, PageHeader } from '~/components/ui';

export const metadata: Metadata = { title: 'Stores' };

export default function StoresPage() {
  // The filters are read from the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense
      fallback={
        <>
          <PageHeader title="Stores" />
          <LoadingRows rows={6} label="Loading stores" />
        </>
      }
    >
      <StoresView />
    </Suspense>
  );
}
