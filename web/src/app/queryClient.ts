import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from '../lib/api/client';
import { SESSION_KEY } from '../features/accounts/api/auth';

/**
 * A 401 means the session ended (idle, expired, disabled elsewhere): check the session again, so the
 * interface shows the caller as signed out. (The session check itself answers null, never a 401.)
 */
function sessionEnded(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}

export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error) => {
        if (sessionEnded(error)) void client.invalidateQueries({ queryKey: SESSION_KEY });
      },
    }),
    mutationCache: new MutationCache({
      onError: (error) => {
        if (sessionEnded(error)) void client.invalidateQueries({ queryKey: SESSION_KEY });
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: Infinity,
        gcTime: 30 * 60_000,
        refetchOnWindowFocus: false,
        // a 4xx will not change on retry; network and server errors might
        retry: (failures, error) =>
          failures < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      },
    },
  });
  return client;
}
