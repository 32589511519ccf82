import type { Metadata } from 'next';
import { Suspense } from 'react';
import { EventsView } from '~/components/events/events-view';
import { LoadingRows, PageHeader } from '~/components/ui';

export const metadata: Metadata = { title: 'Events' };

export default function EventsPage() {
  // The filters are read from the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense
      fallback={
        <>
          <PageHeader title="Events" />
          <LoadingRows rows={6} label="Loading events" />
        </>
      }
    >
      <EventsView />
    </Suspense>
  );
}
