import { defaultShouldDehydrateQuery, MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import superjson from 'superjson';

function errorCode(error: unknown): string | undefined {
  return (error as { data?: { code?: string } } | null)?.data?.code;
}

/** A session that ended (signed out elsewhere, expired, revoked by an admin): back to the sign-in page. */
function onError(error: unknown) {
  if (typeof window === 'undefined' || errorCode(error) !== 'UNAUTHORIZED') return;
  if (window.location.pathname === '/sign-in') return;
  const next = `${window.location.pathname}${window.location.search}`;
  window.location.assign(`/sign-in${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}`);
}

export function createQueryClient() {
  return new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        // Refusals do not change by asking again.
        retry: (failures, error) => !['UNAUTHORIZED', 'FORBIDDEN'].includes(errorCode(error) ?? '') && failures < 1,
      },
      dehydrate: {
        serializeData: superjson.serialize,
        shouldDehydrateQuery: (query) => defaultShouldDehydrateQuery(query) || query.state.status === 'pending',
      },
      hydrate: { deserializeData: superjson.deserialize },
    },
  });
}
