'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, ErrorBanner } from '~/components/ui';
import { parseError } from '~/lib/trpc-error';
import { useTRPC } from '~/trpc/react';

/** On an empty installation: two demo zones with NFS stores inside the data directory. */
export function LoadDemoButton() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const load = useMutation(
    trpc.overview.loadDemo.mutationOptions({
      onSuccess: () =>
        Promise.all([
          queryClient.invalidateQueries(trpc.overview.pathFilter()),
          queryClient.invalidateQueries(trpc.zone.pathFilter()),
          queryClient.invalidateQueries(trpc.store.pathFilter()),
        ]),
    }),
  );
  return (
    <div className="mt-4 flex flex-col items-center gap-2">
      <Button variant="primary" disabled={load.isPending} onClick={() => load.mutate()}>
        {load.isPending ? 'Loading demo…' : 'Load demo data'}
      </Button>
      <ErrorBanner message={parseError(load.error)?.message} />
    </div>
  );
}
