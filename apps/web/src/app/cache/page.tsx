import type { Metadata } from 'next';
import { Suspense } from 'react';
import { CacheView } from '~/components/cache/cache-view';
import { LoadingRows } from '~/components/ui';

export const metadata: Metadata = { title: 'Cache' };

export default function CachePage() {
  // The chosen zone lives in the URL (?zone=…), read on the client: the page around it is static.
  return (
    <Suspense fallback={<LoadingRows label="Loading the cache" />}>
      <CacheView />
    </Suspense>
  );
}
